import { describe, expect, it } from 'vitest';
import { classifyError } from './classify.ts';
import { VigilError } from './vigil-error.ts';

describe('classifyError', () => {
  it('keeps a VigilError as it is', () => {
    const original = new VigilError('BAD', 'nope', { retryable: false });
    expect(classifyError(original)).toBe(original);
  });

  it('treats refused connections as a retryable dependency outage', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const classified = classifyError(err);
    expect(classified.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(classified.retryable).toBe(true);
    expect(classified.cause).toBe(err);
  });

  it('treats PostgreSQL serialization failures as retryable and syntax errors as unexpected', () => {
    expect(classifyError(Object.assign(new Error('x'), { code: '40001' })).code).toBe(
      'DEPENDENCY_UNAVAILABLE',
    );
    expect(classifyError(Object.assign(new Error('x'), { code: '42601' })).code).toBe('UNEXPECTED');
  });

  it('honours kafkajs retriable flag', () => {
    expect(
      classifyError(Object.assign(new Error('leader not available'), { retriable: true })).code,
    ).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('treats a Redis Cluster in transition (failover, moved slot, restart) as a retryable outage', () => {
    for (const message of [
      'MOVED 3999 127.0.0.1:7102',
      'CLUSTERDOWN The cluster is down',
      'TRYAGAIN Multiple keys request during rehashing of slot',
      'LOADING Redis is loading the dataset in memory',
      'Failed to refresh slots cache.',
      'Command timed out',
    ])
      expect(classifyError(new Error(message)).code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(classifyError(new Error('ERR vigil unknown feature kind x')).code).toBe('UNEXPECTED');
  });

  it('wraps non-errors', () => {
    const classified = classifyError('boom');
    expect(classified.message).toBe('boom');
    expect(classified.retryable).toBe(true);
  });
});
