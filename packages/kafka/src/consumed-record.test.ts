import { describe, expect, it } from 'vitest';
import { headerText } from './consumed-record.ts';

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
