import { describe, expect, it } from 'vitest';
import { failureEpisode } from './failure-episode.ts';

describe('failureEpisode', () => {
  it('reports the first failure of a code, again on a new code, and one recovery', () => {
    const episode = failureEpisode();
    expect(episode.recovered()).toBe(false);
    expect(episode.failed('OUTPUT_REFUSED')).toBe(true);
    expect(episode.failed('OUTPUT_REFUSED')).toBe(false);
    expect(episode.failed('COORDINATOR_BUSY')).toBe(true);
    expect(episode.recovered()).toBe(true);
    expect(episode.recovered()).toBe(false);
    expect(episode.failed('COORDINATOR_BUSY')).toBe(true);
  });
});
