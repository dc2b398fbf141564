import type { Admin } from 'kafkajs';
import type { LocalSinks } from '@vigil/devstack';
import type { DecisionReader } from './decision-reader.ts';
import type { DecisionTally } from './decision-tally.ts';
import { deadLetterCount, readStoredEffects, settleEffects } from './effect-records.ts';
import { checkEffects, effectFailures, type EffectsCheck } from './effects-check.ts';
import { awaitDecisions } from './live-step.ts';

/** Correctness over the whole run: decisions against what was produced, and their effects. */
export interface RunChecks {
  produced: number;
  lost: number;
  duplicated: number;
  /** Decisions for an eventId this run never produced. */
  unexpected: number;
  tally: DecisionTally;
  effects: EffectsCheck;
  deadLetters: number;
}

/** Every failed correctness check as a line; empty when the run is correct. */
export function checkFailures(checks: RunChecks): string[] {
  const failures = effectFailures(checks.effects);
  const fail = (count: number, what: string) => {
    if (count !== 0) failures.unshift(`${count} ${what}`);
  };
  fail(checks.deadLetters, 'records in dead-letter topics');
  fail(checks.tally.unreadable, 'unreadable records on the decisions topic');
  fail(checks.tally.duplicateFollowUps, 'follow-up decisions published twice');
  fail(checks.unexpected, 'decisions for events never produced');
  fail(checks.duplicated, 'events decided more than once');
  fail(checks.lost, 'events without a decision (lost)');
  return failures;
}

/** Follow-ups come with or after the decisions they revisit: waits until 3 s pass with none. */
async function awaitQuiet(reader: DecisionReader, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 30_000;
  let read = -1;
  while (reader.tally.read !== read && Date.now() < deadline && !signal.aborted) {
    read = reader.tally.read;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}

/**
 * Waits for the pipeline to finish (every produced event decided, as long as decisions keep
 * coming: a run stopped by an overload has a backlog to work off; then the notifier's last
 * notices), then checks every decision and effect of the run.
 */
export async function collectRunChecks(input: {
  reader: DecisionReader;
  produced: readonly string[];
  sinks: LocalSinks;
  databaseUrl: string;
  caseSchema: string;
  notifierSchema: string;
  admin: Admin;
  deadLetterTopics: readonly string[];
  stallSeconds: number;
  signal: AbortSignal;
}): Promise<RunChecks> {
  const { reader, produced, sinks } = input;
  await awaitDecisions(
    reader,
    produced,
    { maxSeconds: 900, stallSeconds: input.stallSeconds },
    input.signal,
  );
  await awaitQuiet(reader, input.signal);
  const { flagged } = reader.tally;
  const delivered = () => sinks.smtp.messages.length + sinks.webhooks.requests.length;
  const stored = await settleEffects({
    read: () => readStoredEffects(input),
    expectedAlerts: new Set(
      [...flagged].filter(([, outcome]) => outcome !== 'challenge').map(([id]) => id),
    ),
    expectedNotices: [...flagged.values()].filter((o) => o !== 'review').length,
    delivered,
    timeoutMs: input.signal.aborted ? 0 : 60_000,
  });
  const seen = reader.watcher.seenAt;
  const lost = produced.filter((id) => !seen.has(id)).length;
  return {
    produced: produced.length,
    lost,
    duplicated: reader.watcher.duplicates,
    unexpected: seen.size - (produced.length - lost),
    tally: reader.tally,
    effects: checkEffects({ flagged, ...stored, delivered: delivered() }),
    deadLetters: await deadLetterCount(input.admin, input.deadLetterTopics),
  };
}
