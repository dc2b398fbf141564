import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  gatheringFetch,
  groupTimings,
  kafkaGroupEnvShape,
  offsetCommitCadence,
} from './common-env.ts';
import { parseEnv } from './parse-env.ts';

const schema = z.object(kafkaGroupEnvShape);

describe('consumer group settings', () => {
  it('defaults: fail over within 8 s; off the decision path, gather 1 MiB or 250 ms per fetch', () => {
    const env = parseEnv(schema, {});
    expect(groupTimings(env)).toEqual({ sessionTimeoutMs: 8_000, heartbeatIntervalMs: 1_000 });
    expect(gatheringFetch(env)).toEqual({ minBytes: 1_048_576, maxWaitTimeMs: 250 });
    expect(offsetCommitCadence(env)).toEqual({ commitIntervalMs: 1_000 });
  });

  it('commit cadence: 0 commits every batch; more than a minute is refused', () => {
    expect(offsetCommitCadence(parseEnv(schema, { KAFKA_COMMIT_INTERVAL_MS: '0' }))).toEqual({
      commitIntervalMs: 0,
    });
    expect(() => parseEnv(schema, { KAFKA_COMMIT_INTERVAL_MS: '60001' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error,
    );
  });

  it('takes the operator’s fetch settings and refuses a wait the broker would not honour', () => {
    const env = parseEnv(schema, { KAFKA_FETCH_MIN_BYTES: '1', KAFKA_FETCH_MAX_WAIT_MS: '20' });
    expect(gatheringFetch(env)).toEqual({ minBytes: 1, maxWaitTimeMs: 20 });
    expect(() => parseEnv(schema, { KAFKA_FETCH_MAX_WAIT_MS: '0' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error,
    );
  });

  it('static membership: a replica’s KAFKA_GROUP_INSTANCE_ID goes to every consumer; unset, dynamic', () => {
    const env = parseEnv(schema, { KAFKA_GROUP_INSTANCE_ID: ' notifier-0 ' });
    expect(groupTimings(env)).toEqual({
      sessionTimeoutMs: 8_000,
      heartbeatIntervalMs: 1_000,
      groupInstanceId: 'notifier-0',
    });
    expect(groupTimings(parseEnv(schema, {}))).not.toHaveProperty('groupInstanceId');
    for (const bad of ['', 'pod 0', 'pod/0', 'x'.repeat(250)])
      expect(() => parseEnv(schema, { KAFKA_GROUP_INSTANCE_ID: bad }), bad).toThrowError(
        expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error,
      );
  });

  it('leaves a consumer its own defaults when a hand-built env has no fetch settings', () => {
    expect(gatheringFetch({})).toEqual({});
    expect(offsetCommitCadence({})).toEqual({});
  });
});
