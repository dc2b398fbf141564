import { status } from '@grpc/grpc-js';
import { pino } from 'pino';
import { uniqueName, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgChangeListener } from './adapters/pg-change-listener.ts';
import type { CaseChange } from './domain/case-model.ts';
import type { CaseChange__Output, CasesClient, CaseServiceError } from '@vigil/protos';
import { decision, startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';
import { startCuttableProxy } from './test-support/cuttable-proxy.ts';

let h: CaseHarness;
let engine: CasesClient;
let ann: CasesClient;

beforeAll(async () => {
  h = await startCaseHarness({ watchMaxQueued: 3 });
  engine = h.client('risk-engine');
  ann = h.client('agent-ann');
});
afterAll(() => h.close());

const account = () => `acct-${Math.random().toString(36).slice(2, 10)}`;

function openWatch(client: CasesClient, filter: { accountId?: string } = {}) {
  const stream = client.watchCases(filter);
  const changes: CaseChange__Output[] = [];
  stream.on('data', (change) => changes.push(change));
  const ended = new Promise<CaseServiceError | 'ok'>((resolve) => {
    stream.on('error', (error) => resolve(error));
    stream.on('end', () => resolve('ok'));
  });
  const subscribed = new Promise<void>((resolve) => stream.once('metadata', () => resolve()));
  return { stream, changes, ended, subscribed };
}

describe('WatchCases', () => {
  it("streams an account's committed changes in order", async () => {
    const accountId = account();
    const watch = openWatch(ann, { accountId });
    await watch.subscribed;
    const { caseId } = await engine.raiseCase(decision({ accountId }));
    await engine.raiseCase(decision({ accountId, outcome: 'DECISION_OUTCOME_BLOCK', score: 95 }));
    await engine.raiseCase(decision({ accountId: account() })); // another account: filtered out
    await ann.assignCase({ caseId, assignee: 'agent-ann' });
    await ann.addNote({ caseId, body: 'looking' });
    await ann.resolveCase({ caseId, disposition: 'DISPOSITION_INCONCLUSIVE' });
    await waitFor(() => (watch.changes.length >= 5 ? true : undefined), {
      timeoutMs: 5_000,
      what: 'five changes',
    });
    expect(watch.changes.map((c) => [c.kind, c.severity])).toEqual([
      ['CHANGE_KIND_CASE_OPENED', 'SEVERITY_HIGH'],
      ['CHANGE_KIND_ALERT_ATTACHED', 'SEVERITY_CRITICAL'],
      ['CHANGE_KIND_ASSIGNED', 'SEVERITY_CRITICAL'],
      ['CHANGE_KIND_NOTE_ADDED', 'SEVERITY_CRITICAL'],
      ['CHANGE_KIND_RESOLVED', 'SEVERITY_CRITICAL'],
    ]);
    expect(watch.changes.every((c) => c.caseId === caseId && c.accountId === accountId)).toBe(true);
    expect(watch.changes[2]).toMatchObject({
      assignee: 'agent-ann',
      actor: 'agent-ann',
      status: 'CASE_STATUS_IN_PROGRESS',
    });
    watch.stream.cancel();
  });

  it('ends a watcher that stops reading with RESOURCE_EXHAUSTED instead of buffering', async () => {
    const watch = openWatch(ann);
    await watch.subscribed;
    watch.stream.pause();
    const before = h.app.bus.size;
    const change = {
      kind: 'note_added' as const,
      caseId: '00000000-0000-4000-8000-000000000000',
      accountId: 'x'.repeat(100),
      status: 'open' as const,
      severity: 'low' as const,
      actor: 'y'.repeat(200),
      at: new Date().toISOString(),
    };
    // Far more than the HTTP/2 window and stream buffer hold, so the server sees backpressure.
    for (let i = 0; i < 20 && h.app.bus.size === before; i += 1) {
      for (let j = 0; j < 500; j += 1) h.app.bus.publish(change);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(h.app.bus.size).toBe(before - 1);
    watch.stream.resume();
    const outcome = await watch.ended;
    expect(outcome).toMatchObject({ details: { grpcCode: status.RESOURCE_EXHAUSTED } });
    expect((outcome as CaseServiceError).details.grpcDetails).toMatch(
      /fell more than 3 changes behind/,
    );
  });

  it('ends watchers with UNAVAILABLE when the change feed is interrupted, so consoles re-list', async () => {
    const watch = openWatch(ann);
    await watch.subscribed;
    h.app.bus.interrupt('change feed connection lost');
    expect(await watch.ended).toMatchObject({
      code: 'CASE_SERVICE_UNAVAILABLE',
      retryable: true,
      details: { grpcCode: status.UNAVAILABLE },
    });
  });
});

describe('change feed listener', () => {
  it('reports the gap when PostgreSQL drops it and reconnects to deliver later changes', async () => {
    const proxy = await startCuttableProxy(new URL(h.pg.url));
    const viaProxy = new URL(h.pg.url);
    viaProxy.port = String(proxy.port);
    const channel = uniqueName('listener');
    const interruptions: string[] = [];
    const received: CaseChange[] = [];
    const listener = await startPgChangeListener({
      connectionString: viaProxy.toString(),
      channel,
      logger: pino({ level: 'silent' }),
      onChange: (change) => received.push(change),
      onInterrupted: (reason) => interruptions.push(reason),
    });
    const change: CaseChange = {
      kind: 'assigned',
      caseId: '00000000-0000-4000-8000-000000000001',
      accountId: 'acct-listener',
      status: 'in_progress',
      severity: 'high',
      assignee: 'agent-ann',
      actor: 'agent-ann',
      at: '2026-11-24T07:00:00.000Z',
    };
    try {
      proxy.cut();
      await waitFor(() => (interruptions.length > 0 ? true : undefined), {
        timeoutMs: 5_000,
        what: 'interruption',
      });
      expect(interruptions[0]).toMatch(/change feed/);
      proxy.restore();
      await waitFor(
        async () => {
          await h.pg.pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(change)]);
          return received.length > 0 ? true : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200, what: 'a change after reconnecting' },
      );
      expect(received[0]).toEqual(change);
    } finally {
      await listener.close();
      await proxy.close();
    }
  });
});
