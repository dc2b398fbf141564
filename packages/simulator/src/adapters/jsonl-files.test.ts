import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundTruth, type SimulatedRecord } from '../domain/ground-truth.ts';
import { simulate } from '../simulate.ts';
import { createFileSink, createLabelSink, teeSinks } from './file-sink.ts';
import { collect, readJsonl } from './jsonl-reader.ts';

describe('JSONL files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-sim-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes events and the labels side file line for line; labels read back validated', async () => {
    const events = join(dir, 'events.jsonl');
    const labels = join(dir, 'labels.jsonl');
    const sink = teeSinks([createFileSink(events), createLabelSink(labels)]);
    const sent: SimulatedRecord[] = [];
    for await (const r of simulate({ seed: 3, accounts: 20, duration: '1h', start: '2026-11-20T10:00:00.000Z', scenarios: ['brute_force'], episodesPerScenario: 1 })) {
      sent.push(r);
      await sink.write(r);
    }
    await sink.close();
    const eventLines = (await readFile(events, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(eventLines).toEqual(sent.map((r) => ({ topic: r.topic, key: r.event.accountId, event: r.event })));
    // The events file carries no ground truth.
    expect(eventLines.some((l) => JSON.stringify(l).includes('"scenario"'))).toBe(false);
    expect(await collect(readJsonl(labels, groundTruth))).toEqual(sent.map((r) => r.label));
  });

  it('names the line of a bad record', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, `${JSON.stringify({ eventId: 'e', accountId: 'a', topic: 'identity.logins.v1', occurredAt: '2026-11-20T10:00:00.000Z', label: 'benign', scenario: 'benign', episodeId: null })}\n{"eventId": 1}\n`);
    await expect(collect(readJsonl(path, groundTruth))).rejects.toMatchObject({ code: 'SIM_BAD_INPUT', retryable: false, message: expect.stringContaining(':2:') as unknown });
  });
});
