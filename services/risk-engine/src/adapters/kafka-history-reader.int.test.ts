import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOPICS, type LoginEvent, type TransactionEvent } from '@vigil/events';
import { createKafkaFixture, type KafkaFixture } from '@vigil/testing';
import { tx } from '../test-support/test-payments.ts';
import { readArchive, writeArchive } from './jsonl-backtest-archive.ts';
import { readHistory } from './kafka-history-reader.ts';

const T0 = Date.UTC(2026, 10, 24, 12, 0);
const MIN = 60_000;

describe('readHistory (real broker)', () => {
  let fx: KafkaFixture;
  let dir: string;
  beforeEach(async () => {
    fx = await createKafkaFixture([TOPICS.transactions, TOPICS.logins, TOPICS.accountChanges], {
      partitions: 2,
    });
    dir = mkdtempSync(join(tmpdir(), 'vigil-backtest-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await fx.cleanup();
  });

  it('reads exactly the records of the time range from every input topic, skips invalid ones, and round-trips through an archive', async () => {
    const payment = (n: number, at: number): TransactionEvent => ({
      ...tx(`acct-${n % 3}`, n, 0),
      occurredAt: new Date(at).toISOString(),
    });
    const login: LoginEvent = {
      schemaVersion: 1,
      eventId: 'login-1',
      occurredAt: new Date(T0 + 5 * MIN).toISOString(),
      accountId: 'acct-1',
      outcome: 'success',
      method: 'password',
    };
    const producer = fx.kafka.producer();
    await producer.connect();
    const send = (topic: string, key: string, value: unknown, at: number) =>
      producer.send({
        topic,
        messages: [{ key, value: JSON.stringify(value), timestamp: String(at) }],
      });
    // Before the range, inside it (on both partitions and two topics), after it; one bad record.
    await send(fx.topics[TOPICS.transactions]!, 'acct-0', payment(1, T0 - 90 * MIN), T0 - 90 * MIN);
    for (const n of [2, 3, 4, 5])
      await send(
        fx.topics[TOPICS.transactions]!,
        `acct-${n % 3}`,
        payment(n, T0 + n * MIN),
        T0 + n * MIN,
      );
    await send(fx.topics[TOPICS.logins]!, 'acct-1', login, T0 + 5 * MIN);
    await send(
      fx.topics[TOPICS.logins]!,
      'acct-2',
      { schemaVersion: 1, eventId: 'x' },
      T0 + 6 * MIN,
    );
    await send(fx.topics[TOPICS.transactions]!, 'acct-0', payment(9, T0 + 90 * MIN), T0 + 90 * MIN);
    await producer.disconnect();

    const history = await readHistory(fx.kafka, {
      topics: new Map([
        [TOPICS.transactions, fx.topics[TOPICS.transactions]!],
        [TOPICS.logins, fx.topics[TOPICS.logins]!],
        [TOPICS.accountChanges, fx.topics[TOPICS.accountChanges]!],
      ]),
      fromMs: T0 - 60 * MIN,
      toMs: T0 + 60 * MIN,
    });
    expect(history.events.map((e) => e.scored.event.eventId).sort()).toEqual(
      ['acct-2-evt-2', 'acct-0-evt-3', 'acct-1-evt-4', 'acct-2-evt-5', 'login-1'].sort(),
    );
    expect(history.invalid).toBe(1);
    expect(history.incomplete).toEqual([]);
    for (const { origin, scored } of history.events)
      expect(
        origin.startsWith(
          scored.kind === 'login' ? fx.topics[TOPICS.logins]! : fx.topics[TOPICS.transactions]!,
        ),
      ).toBe(true);

    // Reading history moves no one's offsets: the throwaway group is gone.
    const groups = await fx.admin.listGroups();
    expect(
      groups.groups.filter((g) => g.groupId.startsWith(`vigil-backtest-${process.pid}-`)),
    ).toEqual([]);

    const path = join(dir, 'history.jsonl');
    await writeArchive(path, history.events);
    expect(await readArchive(path)).toEqual(history.events);
  });
});
