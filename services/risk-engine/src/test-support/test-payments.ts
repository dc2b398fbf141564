import type { TransactionEvent } from '@vigil/events';

/** An approved 1,200-yen app payment of the account, from its own phone in Tokyo, at 08:mm UTC. */
export function tx(accountId: string, n: number, minute: number): TransactionEvent {
  return {
    schemaVersion: 1,
    eventId: `${accountId}-evt-${n}`,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 8, minute)).toISOString(),
    accountId,
    transactionId: `${accountId}-tx-${n}`,
    type: 'payment',
    status: 'approved',
    amount: { minor: 1200, currency: 'JPY' },
    channel: 'app',
    device: { id: `${accountId}-phone`, platform: 'ios' },
    ip: '203.0.113.7',
    geo: { country: 'JP', city: 'Tokyo' },
  };
}
