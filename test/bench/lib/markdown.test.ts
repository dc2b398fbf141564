import { describe, expect, it } from 'vitest';
import { markdownTable } from './markdown.ts';

describe('markdownTable', () => {
  it('pads every column to its widest cell so the file is already Prettier-formatted', () => {
    expect(
      markdownTable(
        ['run', 'events/s'],
        [
          ['engine', '1,786'],
          ['pass-through', '18,211'],
        ],
      ),
    ).toBe(
      [
        '| run          | events/s |',
        '| ------------ | -------- |',
        '| engine       | 1,786    |',
        '| pass-through | 18,211   |',
      ].join('\n'),
    );
  });
});
