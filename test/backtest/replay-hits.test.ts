import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '@vigil/events';
import { parseRuleSet } from '@vigil/rules';
import { generateTraffic } from '@vigil/simulator';
import { DEFAULT_RULES_FILE } from '@vigil/risk-engine/src/env.ts';
import { computeHits } from '@vigil/risk-engine/src/backtest/compute-hits.ts';
import { partitionRules } from '@vigil/risk-engine/src/backtest/partition-rules.ts';
import {
  recordedEventOf,
  type RecordedEvent,
} from '@vigil/risk-engine/src/backtest/recorded-event.ts';
import { redeliveredIn } from '@vigil/risk-engine/src/backtest/replay-rule-set.ts';
import { ReplayHitsComputation } from '@vigil/risk-engine/src/backtest/replay-state/replay-hits.ts';
import { sharedRules } from '@vigil/risk-engine/src/backtest/shared-rules.ts';
import { hourAmountDoubled } from '../bench/lib/hour-amount-doubled.ts';

// The bench's traffic and candidate (bench/backtest.ts), smaller: every attack scenario, a day
// of warm-up, six hours measured.
const start = '2026-11-20T00:00:00.000Z';
const { records } = generateTraffic({
  seed: 11,
  accounts: 60,
  duration: '6h',
  warmup: '1d',
  start,
});
const simulated: RecordedEvent[] = [...records].map(({ record }, offset) => {
  const recorded = recordedEventOf(record.topic, record.event, `${record.topic}/0/${offset}`);
  if (!recorded) throw new Error(`simulated event ${record.event.eventId} is not valid`);
  return recorded;
});
const text = readFileSync(DEFAULT_RULES_FILE, 'utf8');
const sets = [
  parseRuleSet(text, DEFAULT_RULES_FILE),
  parseRuleSet(hourAmountDoubled(text, 'candidate'), 'candidate.yaml'),
] as const;
const rules = sharedRules(sets);

const HOUR = 3_600_000;

/** A copy of an event under another id, `shiftMs` later, with the context `strip` leaves out. */
function copy(
  { scored }: RecordedEvent,
  tag: string,
  shiftMs: number,
  strip: readonly ('device' | 'ip' | 'geo')[] = [],
): RecordedEvent {
  const event = structuredClone(scored.event);
  event.eventId = `${event.eventId}-${tag}`;
  event.occurredAt = new Date(Date.parse(event.occurredAt) + shiftMs).toISOString();
  for (const field of strip) delete event[field];
  return { scored: { kind: scored.kind, event } as ScoredEvent, origin: `edge/0/${tag}` };
}

/**
 * The simulated history with its edges added, each next to the event it comes from: copies
 * exactly one hour later (on the end of the 1 h windows: the original falls just out) and one
 * millisecond less (just in), copies without device, IP or geo (features keyed by them do not
 * apply; distinct and seen features read without them), copies half an hour earlier (late:
 * behind the account's newest event) and events delivered again, from the same origin (a retry:
 * its first results) and from another (a duplicate).
 */
function withEdges(history: readonly RecordedEvent[]): RecordedEvent[] {
  const edged: RecordedEvent[] = [];
  history.forEach((recorded, i) => {
    edged.push(recorded);
    if (i % 7 === 0) edged.push(copy(recorded, `h${i}`, HOUR), copy(recorded, `e${i}`, HOUR - 1));
    if (i % 5 === 0) edged.push(copy(recorded, `m${i}`, 1, ['device', 'ip', 'geo']));
    if (i % 13 === 0) edged.push(copy(recorded, `l${i}`, -HOUR / 2));
    if (i % 17 === 0) edged.push(recorded, { ...recorded, origin: `again/0/${i}` });
  });
  return edged;
}

function replayHits(
  shared: typeof rules,
  history: readonly RecordedEvent[],
  redelivered: (accountId: string, eventId: string) => boolean,
) {
  const hits = new ReplayHitsComputation(sets, shared, redelivered);
  // In parts, as a worker receives the history.
  for (let from = 0; from < history.length; from += 4_096)
    hits.add(history.slice(from, from + 4_096));
  return hits.found();
}

describe('ReplayHitsComputation', () => {
  it('finds every hit the reference store gives on the simulated history', async () => {
    const never = () => false;
    const expected = await computeHits(sets, rules, simulated, never);
    expect(replayHits(rules, simulated, never)).toEqual(expected);
    expect(expected.hits.length).toBeGreaterThan(100);
  });

  it('finds every hit the reference store gives with window edges, missing entities, late and redelivered events', async () => {
    const history = withEdges(simulated);
    const redelivered = redeliveredIn(history);
    const expected = await computeHits(sets, rules, history, redelivered);
    expect(replayHits(rules, history, redelivered)).toEqual(expected);
    // The edges were replayed: duplicates recognised, and hits on the added events.
    expect(expected.duplicates.length).toBeGreaterThan(10);
    const added = new Set(expected.events.filter((e) => history[e]!.origin.startsWith('edge/')));
    expect(added.size).toBeGreaterThan(10);
  });

  it('reports the features each worker used, and the same conflicts, as the reference does', async () => {
    const never = () => false;
    for (const part of partitionRules(sets, rules, simulated)) {
      const mine = part.map((r) => rules[r]!);
      const expected = await computeHits(sets, mine, simulated, never);
      const found = replayHits(mine, simulated, never);
      expect(found.used).toEqual(expected.used);
      expect(found.conflicts).toEqual(expected.conflicts);
      expect(found.used.length).toBeGreaterThan(0);
    }
  });
});
