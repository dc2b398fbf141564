import { randomBytes } from 'node:crypto';
import type { TransactionEvent } from '@vigil/events';

/** A run-unique private IP: deny lists are global, so scenarios must not share one. */
export function uniqueIp(): string {
  const [a, b] = randomBytes(2);
  return `10.${a ?? 0}.${b ?? 0}.${1 + Math.floor(Math.random() * 250)}`;
}

let sequence = 0;

/** A transaction event with every field the default rule set looks at, overridable per scenario. */
export function transaction(
  accountId: string,
  overrides: Partial<TransactionEvent> & Pick<TransactionEvent, 'amount'>,
): TransactionEvent {
  sequence += 1;
  const id = `${accountId}-${sequence}-${randomBytes(3).toString('hex')}`;
  return {
    schemaVersion: 1,
    eventId: `evt-${id}`,
    occurredAt: new Date().toISOString(),
    accountId,
    transactionId: `tx-${id}`,
    type: 'payment',
    status: 'approved',
    channel: 'app',
    merchant: { id: `m-${accountId}`, name: 'Konbini Shibuya', mcc: '5411', country: 'JP' },
    geo: { country: 'JP', city: 'Tokyo' },
    account: { country: 'JP', tier: 'verified' },
    ...overrides,
  };
}

/**
 * A small approved payment from the account's own phone: its history. First-seen rules take an
 * account's very first device as its baseline, so a "new device" needs one the account used before.
 */
export function usualPayment(accountId: string): TransactionEvent {
  return transaction(accountId, {
    amount: { minor: 1_200, currency: 'JPY' },
    device: { id: `dev-${accountId}-own-phone`, platform: 'ios' },
    // A minute before whatever the test sends next: events of the same instant are concurrent,
    // and neither is history for the other.
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
  });
}
