import { describe, expect, it } from 'vitest';
import { dialString, textColorOn } from './brand.ts';

describe('brand', () => {
  it('puts white text on dark colours and dark text on light ones', () => {
    expect(textColorOn('#1a56db')).toBe('#ffffff');
    expect(textColorOn('#b42318')).toBe('#ffffff');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#ffd600')).toBe('#111111');
    expect(textColorOn('#FFFFFF')).toBe('#111111');
  });

  it('dials only digits and the leading plus', () => {
    expect(dialString('+81 3-1234-5678')).toBe('+81312345678');
    expect(dialString('(020) 7946 0000')).toBe('02079460000');
  });
});
