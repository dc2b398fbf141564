import { TOPICS, type AccountChangeEvent, type LoginEvent, type TransactionEvent } from '@vigil/events';
import type { LabelInfo, SimulatedRecord } from './ground-truth.ts';
import type { SimAccount } from './population.ts';
import type { SimDevice } from './world/identifiers.ts';

/** An event not yet emitted, with its simulated time in epoch milliseconds for ordering. */
export interface PlannedRecord {
  at: number;
  record: SimulatedRecord;
}

type Common = 'schemaVersion' | 'eventId' | 'occurredAt' | 'accountId';
export type TransactionFields = Omit<TransactionEvent, Common | 'transactionId'>;
export type LoginFields = Omit<LoginEvent, Common>;
export type ChangeFields = Omit<AccountChangeEvent, Common>;

export function deviceOf(device: SimDevice): { id: string; userAgent: string; platform: string } {
  return { id: device.id, userAgent: device.userAgent, platform: device.platform };
}

export function accountContext(account: SimAccount): NonNullable<TransactionEvent['account']> {
  return { country: account.country.code, tier: account.tier, createdAt: new Date(account.createdAt).toISOString() };
}

/**
 * Builds the events of one source (an account's benign stream or one attack episode) with ids
 * unique to that source, so ids are deterministic and never collide across sources.
 */
export class EventWriter {
  #seq = 0;
  readonly #prefix: string;

  constructor(prefix: string, private readonly label: LabelInfo) {
    this.#prefix = prefix;
  }

  #id(): string {
    return `${this.#prefix}-${++this.#seq}`;
  }

  #truth(eventId: string, accountId: string, topic: SimulatedRecord['topic'], at: number, label: LabelInfo) {
    return { eventId, accountId, topic, occurredAt: new Date(at).toISOString(), ...label };
  }

  transaction(at: number, accountId: string, fields: TransactionFields, label = this.label): PlannedRecord {
    const eventId = this.#id();
    const event: TransactionEvent = {
      schemaVersion: 1,
      eventId,
      occurredAt: new Date(at).toISOString(),
      accountId,
      transactionId: `tx-${eventId}`,
      ...fields,
    };
    return { at, record: { topic: TOPICS.transactions, event, label: this.#truth(eventId, accountId, TOPICS.transactions, at, label) } };
  }

  login(at: number, accountId: string, fields: LoginFields, label = this.label): PlannedRecord {
    const eventId = this.#id();
    const event: LoginEvent = { schemaVersion: 1, eventId, occurredAt: new Date(at).toISOString(), accountId, ...fields };
    return { at, record: { topic: TOPICS.logins, event, label: this.#truth(eventId, accountId, TOPICS.logins, at, label) } };
  }

  change(at: number, accountId: string, fields: ChangeFields, label = this.label): PlannedRecord {
    const eventId = this.#id();
    const event: AccountChangeEvent = { schemaVersion: 1, eventId, occurredAt: new Date(at).toISOString(), accountId, ...fields };
    return { at, record: { topic: TOPICS.accountChanges, event, label: this.#truth(eventId, accountId, TOPICS.accountChanges, at, label) } };
  }
}

/** Sorts one source's events by time; the sort is stable, so equal times keep creation order. */
export function byTime(records: PlannedRecord[]): PlannedRecord[] {
  return records.sort((a, b) => a.at - b.at);
}
