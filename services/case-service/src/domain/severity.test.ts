import { describe, expect, it } from 'vitest';
import { maxSeverity, severityFor } from './severity.ts';

describe('severityFor', () => {
  it('never rates a block below high, and a near-certain block critical', () => {
    expect(severityFor(10, 'block')).toBe('high');
    expect(severityFor(89.9, 'block')).toBe('high');
    expect(severityFor(90, 'block')).toBe('critical');
  });

  it('rates reviews by score', () => {
    expect(severityFor(39, 'review')).toBe('low');
    expect(severityFor(40, 'review')).toBe('medium');
    expect(severityFor(70, 'review')).toBe('high');
    expect(severityFor(100, 'review')).toBe('high');
  });
});

describe('maxSeverity', () => {
  it('keeps the worse of two severities', () => {
    expect(maxSeverity('low', 'critical')).toBe('critical');
    expect(maxSeverity('high', 'medium')).toBe('high');
  });
});
