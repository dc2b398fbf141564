import { describe, expect, it } from 'vitest';
import { createFetchRounds } from './fetch-rounds.ts';

describe('createFetchRounds', () => {
  it('runs the slices that join in one turn of the event loop as one round', async () => {
    const rounds: number[][] = [];
    const fetch = createFetchRounds((slices: number[]) => {
      rounds.push([...slices]);
      return Promise.resolve(slices.length);
    });
    // As kafkajs's workers do: each reaches the join after a few awaits of settled promises.
    const joined = [1, 2, 3].map(async (n) => {
      for (let i = 0; i < n; i++) await Promise.resolve();
      return fetch.join(n);
    });
    expect(await Promise.all(joined)).toEqual([3, 3, 3]);
    expect(rounds).toEqual([[1, 2, 3]]);
  });

  it('opens a new round for a slice that joins once the round started', async () => {
    const rounds: string[][] = [];
    let late: Promise<string> | undefined;
    const fetch = createFetchRounds(async (slices: string[]) => {
      rounds.push([...slices]);
      if (slices.includes('a')) late = fetch.join('late');
      await new Promise((resolve) => setTimeout(resolve, 5));
      return slices.join('+');
    });
    expect(await Promise.all([fetch.join('a'), fetch.join('b')])).toEqual(['a+b', 'a+b']);
    expect(await late).toBe('late');
    expect(rounds).toEqual([['a', 'b'], ['late']]);
  });

  it('gives every joiner the failure of its round, and the next round runs afresh', async () => {
    let calls = 0;
    const fetch = createFetchRounds((slices: string[]) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error(`failed ${slices.join(',')}`));
      return Promise.resolve(slices.length);
    });
    const first = [fetch.join('a'), fetch.join('b')].map((p) =>
      p.then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    );
    expect(await Promise.all(first)).toEqual(['failed a,b', 'failed a,b']);
    expect(await fetch.join('c')).toBe(1);
  });
});
