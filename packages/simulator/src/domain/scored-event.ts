import { TOPICS, type ScoredEvent } from '@vigil/events';
import type { SimulatedRecord } from './ground-truth.ts';

/** A simulated record as the engine scores it: its event, tagged with the kind its topic carries. */
export function scoredEventOf(record: SimulatedRecord): ScoredEvent {
  switch (record.topic) {
    case TOPICS.transactions:
      return { kind: 'transaction', event: record.event };
    case TOPICS.logins:
      return { kind: 'login', event: record.event };
    case TOPICS.accountChanges:
      return { kind: 'account_change', event: record.event };
  }
}
