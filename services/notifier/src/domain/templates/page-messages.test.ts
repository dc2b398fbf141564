import { describe, expect, it } from 'vitest';
import { ja } from './catalog-ja.ts';
import { zhCN } from './catalog-zh-cn.ts';
import { MESSAGE_KEYS } from './message-keys.ts';

// The verification page is what a worried customer reads: no English fallback allowed there.
const PAGE_KEYS = MESSAGE_KEYS.filter(
  (key) => key.startsWith('page.') || key.startsWith('device.'),
);

describe('verification page messages', () => {
  it('exist in Japanese and Simplified Chinese for every key of the page', () => {
    expect(PAGE_KEYS.filter((key) => ja[key] === undefined)).toEqual([]);
    expect(PAGE_KEYS.filter((key) => zhCN[key] === undefined)).toEqual([]);
  });

  it('are polite: Japanese sentences end in です/ます forms (ました, ません, ください included), Chinese addresses the customer as 您', () => {
    const sentences = PAGE_KEYS.map((key) => ja[key] ?? '').filter((text) => text.endsWith('。'));
    expect(sentences.length).toBeGreaterThan(10);
    for (const text of sentences)
      expect(text, text).toMatch(
        /(です|ます|ました|ません|ください|ございます|いたします|構いません)。$/,
      );
    const chinese = PAGE_KEYS.map((key) => zhCN[key] ?? '').join('');
    expect(chinese).toContain('您');
    expect(chinese).not.toMatch(/你(?!们)/);
  });
});
