import { describe, expect, it } from 'vitest';
import type { RunningStack } from '../stack/start-stack.ts';
import { consoleLines } from './console-lines.ts';

const callers = {
  agent: { principal: 'agent-demo', token: 'a'.repeat(48) },
  supervisor: { principal: 'supervisor-demo', token: 's'.repeat(48) },
};

describe('consoleLines', () => {
  it('gives the console URL and a ready sign-in token for each human role', () => {
    const stack = {
      plan: { callers },
      console: { url: 'http://127.0.0.1:4000/', logFile: '/tmp/agent-console.log' },
    } as unknown as RunningStack;
    const text = consoleLines(stack).join('\n');
    expect(text).toContain('http://127.0.0.1:4000/');
    expect(text).toContain(`agent-demo with token ${'a'.repeat(48)}`);
    expect(text).toContain(`supervisor-demo (supervisor) with token ${'s'.repeat(48)}`);
  });

  it('says nothing when the stack runs without the console', () => {
    expect(consoleLines({ plan: { callers } } as unknown as RunningStack)).toEqual([]);
  });
});
