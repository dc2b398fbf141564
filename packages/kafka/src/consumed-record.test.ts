import { describe, expect, it } from 'vitest';
import { headerIsOneOf, headerText } from './consumed-record.ts';

describe('headerText', () => {
  it('reads a header as text whether kafkajs hands it over as bytes or as a string', () => {
    expect(headerText({ h: Buffer.from('block') }, 'h')).toBe('block');
    expect(headerText({ h: 'review' }, 'h')).toBe('review');
  });

  it('takes the first value of a repeated header, and undefined when it is absent', () => {
    expect(headerText({ h: [Buffer.from('allow'), 'block'] }, 'h')).toBe('allow');
    expect(headerText({ h: [] }, 'h')).toBeUndefined();
    expect(headerText({}, 'h')).toBeUndefined();
  });
});

describe('headerIsOneOf', () => {
  it('skips records whose header is one of the values, and never one without the header', () => {
    const skip = headerIsOneOf('h', ['allow', 'challenge']);
    expect(skip({ h: Buffer.from('allow') })).toBe(true);
    expect(skip({ h: 'challenge' })).toBe(true);
    expect(skip({ h: 'block' })).toBe(false);
    expect(skip({ other: 'allow' })).toBe(false);
    expect(skip({})).toBe(false);
  });
});
