import { describe, expect, it } from 'vitest';
import { invocationPath } from './invocation-path.ts';

describe('invocationPath', () => {
  it('resolves a relative path from where pnpm or npm was run (INIT_CWD), else from the process', () => {
    expect(invocationPath('.local/labels.jsonl', { INIT_CWD: '/home/op/vigil' })).toBe(
      '/home/op/vigil/.local/labels.jsonl',
    );
    expect(invocationPath('../x.yaml', { INIT_CWD: '/home/op/vigil' })).toBe('/home/op/x.yaml');
    expect(invocationPath('/tmp/a.jsonl', { INIT_CWD: '/home/op/vigil' })).toBe('/tmp/a.jsonl');
    expect(invocationPath('a.jsonl', {})).toBe(`${process.cwd()}/a.jsonl`);
  });
});
