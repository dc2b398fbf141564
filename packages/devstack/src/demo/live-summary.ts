import type { NoticeChannel } from '../sinks/local-sinks.ts';
import type { TallySnapshot } from './pipeline-tally.ts';

export interface SummaryInput {
  elapsedMs: number;
  produced: number;
  planned: number;
  /** Events the upstream sent a second time (same eventId, later offset). */
  resent?: number;
  tally: TallySnapshot;
  cases: number | undefined;
  notices: Record<NoticeChannel, number>;
}

const n = (value: number) => value.toLocaleString('en-US');

function lockDetails(commands: { unlock: number; timedLock: number }): string {
  const parts = [
    ...(commands.timedLock > 0 ? [`timed ${n(commands.timedLock)}`] : []),
    ...(commands.unlock > 0 ? [`unlocks ${n(commands.unlock)}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** One line of the demo's live summary (printed every 2 s). */
export function formatSummary(input: SummaryInput): string {
  const { tally } = input;
  const decided = Object.values(tally.decisions).reduce((sum, count) => sum + count, 0);
  const seconds = String(Math.round(input.elapsedMs / 1000)).padStart(3, ' ');
  const duplicates =
    tally.duplicateDecisions > 0 ? ` (${n(tally.duplicateDecisions)} DUPLICATE)` : '';
  return [
    `[${seconds}s] events ${n(input.produced)}/${n(input.planned)}${input.resent ? ` (+${n(input.resent)} resent)` : ''}`,
    `decisions ${n(decided)}${duplicates}: allow ${n(tally.decisions.allow)} · challenge ${n(tally.decisions.challenge)} · review ${n(tally.decisions.review)} · block ${n(tally.decisions.block)}`,
    `cases ${input.cases === undefined ? '?' : n(input.cases)}`,
    `locks ${n(tally.commands.lock)}${lockDetails(tally.commands)}`,
    `notices email ${n(input.notices.email)} · sms ${n(input.notices.sms)} · push ${n(input.notices.push)}`,
    ...(tally.deadLetters > 0 ? [`dlq ${n(tally.deadLetters)}`] : []),
  ].join(' | ');
}
