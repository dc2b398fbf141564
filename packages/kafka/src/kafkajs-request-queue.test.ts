import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

// As shipped, kafkajs 2.2.4's request queue re-armed a 1 ms timer forever once a connection had
// sent anything (tulios/kafkajs#1556): about a thousand wake-ups per second per broker
// connection, a third of every idle Vigil service's CPU and time taken from the event loop under
// load. patches/kafkajs@2.2.4.patch arms it only while requests wait (in-flight limit or
// broker throttling).
interface Entry {
  correlationId: number;
  apiName: string;
  apiKey: number;
  apiVersion: number;
  resolve(response: unknown): void;
  reject(error: unknown): void;
}
interface Queue {
  pending: unknown[];
  throttleCheckTimeoutId: unknown;
  push(request: { entry: Entry; expectResponse: boolean; sendRequest(): void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(ms: number): void;
}
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue') as new (
  options: object,
) => Queue;

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };

function queue(maxInFlightRequests: number): { q: Queue; sent: number[] } {
  const sent: number[] = [];
  const q = new RequestQueue({
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'localhost:0',
    logger: quiet,
  });
  return { q, sent };
}

function push(q: Queue, sent: number[], correlationId: number): void {
  const entry: Entry = {
    correlationId,
    apiName: 'Fetch',
    apiKey: 1,
    apiVersion: 11,
    resolve: () => undefined,
    reject: () => undefined,
  };
  q.push({ entry, expectResponse: true, sendRequest: () => sent.push(correlationId) });
}

const answer = (q: Queue, correlationId: number) =>
  q.fulfillRequest({ correlationId, payload: Buffer.alloc(0), size: 0 });

describe('kafkajs request queue (patched)', () => {
  it('arms no timer once nothing waits', async () => {
    const { q, sent } = queue(1);
    push(q, sent, 1);
    push(q, sent, 2); // over the in-flight limit: waits, with a timer
    expect(sent).toEqual([1]);
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    answer(q, 1);
    expect(sent).toEqual([1, 2]);
    answer(q, 2);
    await sleep(30); // the 10 ms check armed while request 2 waited has fired
    expect(q.pending).toHaveLength(0);
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still sends a request held back by broker throttling once the throttle ends', async () => {
    const { q, sent } = queue(10);
    q.maybeThrottle(40);
    push(q, sent, 1);
    expect(sent).toEqual([]);
    await sleep(80);
    expect(sent).toEqual([1]);
    answer(q, 1);
    await sleep(20);
    expect(q.throttleCheckTimeoutId).toBeNull();
  });
});
