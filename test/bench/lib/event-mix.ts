import type { AccountChangeEvent, LoginEvent, ScoredEvent, TransactionEvent } from '@vigil/events';
import { seededRandom } from '@vigil/testing';

export type InboundKind = ScoredEvent['kind'];
export type GeneratedEvent = ScoredEvent;

export interface EventMixOptions {
  seed: number;
  /** Distinct accounts; activity is skewed so a few are busy and most are quiet. */
  accounts: number;
  /** Prefix of every eventId and accountId, so runs never collide in Redis or Kafka. */
  idPrefix: string;
  /** Share of each kind; defaults to 72% transactions, 22% logins, 6% account changes. */
  mix?: Record<InboundKind, number>;
}

const HOMES = [
  { country: 'JP', city: 'Tokyo', currency: 'JPY', scale: 1 },
  { country: 'US', city: 'Austin', currency: 'USD', scale: 0.01 },
  { country: 'DE', city: 'Berlin', currency: 'EUR', scale: 0.01 },
  { country: 'CN', city: 'Hangzhou', currency: 'CNY', scale: 0.05 },
] as const;
const TIERS = ['basic', 'verified', 'verified', 'business'] as const;
const PLATFORMS = ['ios', 'android', 'web'] as const;

/**
 * A seeded stream of valid inbound events resembling wallet traffic: mostly approved payments
 * from the account's own device, card and IP, some logins and account changes, a few declines,
 * new devices and foreign IPs, so the default rules hit now and then rather than never.
 */
export function createEventMix(options: EventMixOptions): { next(now: number): GeneratedEvent } {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const mix = options.mix ?? { transaction: 0.72, login: 0.22, account_change: 0.06 };
  let seq = 0;

  const account = (index: number) => {
    const home = HOMES[index % HOMES.length]!;
    return {
      accountId: `${options.idPrefix}-acct-${index}`,
      home,
      tier: TIERS[index % TIERS.length]!,
      device: { id: `${options.idPrefix}-dev-${index}`, platform: PLATFORMS[index % 3]! },
      card: `${options.idPrefix}-card-${index}`,
      // Issuers differ: one shared BIN would make every decline look like a BIN attack.
      bin: String(400_000 + ((index * 7_919) % 99_999)),
      ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
    };
  };
  const context = (a: ReturnType<typeof account>) => ({
    device:
      random() < 0.05 ? { id: `${options.idPrefix}-dev-new-${seq}`, platform: 'web' } : a.device,
    // Away from home: a carrier-grade NAT address, drawn from a pool wide enough that unrelated
    // accounts rarely share one (a small pool would look like card testing from one IP).
    ip:
      random() < 0.08
        ? `100.${64 + Math.floor(random() * 64)}.${Math.floor(random() * 256)}.${Math.floor(random() * 254) + 1}`
        : a.ip,
    geo: { country: a.home.country, city: a.home.city },
  });

  function transaction(
    base: { eventId: string; occurredAt: string; accountId: string },
    a: ReturnType<typeof account>,
  ): TransactionEvent {
    const roll = random();
    const type =
      roll < 0.7
        ? 'payment'
        : roll < 0.8
          ? 'transfer'
          : roll < 0.9
            ? 'topup'
            : roll < 0.95
              ? 'withdrawal'
              : 'refund';
    const declined = random() < 0.04;
    // Log-uniform ~100 to ~10,000 yen-equivalent, and 3% up to ~100,000: mostly everyday spend.
    const exponent = 2 + random() * (random() < 0.03 ? 3 : 2);
    const minor = Math.max(
      1,
      Math.round(10 ** exponent * a.home.scale * (a.home.currency === 'JPY' ? 1 : 100)),
    );
    return {
      schemaVersion: 1,
      ...base,
      transactionId: `${base.eventId}-tx`,
      type,
      status: declined ? 'declined' : 'approved',
      ...(declined ? { declineReason: 'insufficient_funds' } : {}),
      amount: { minor, currency: a.home.currency },
      channel: pick(['pos', 'ecommerce', 'app', 'p2p'] as const),
      merchant: {
        id: `m-${Math.floor(random() * 500)}`,
        name: 'Shop',
        mcc: '5411',
        country: a.home.country,
      },
      card: {
        fingerprint: random() < 0.03 ? `${options.idPrefix}-card-x-${seq}` : a.card,
        bin: a.bin,
        last4: '4242',
      },
      account: { country: a.home.country, tier: a.tier },
      ...context(a),
    };
  }

  return {
    next(now) {
      seq += 1;
      // A power skews activity towards low indexes: a few busy accounts, a long quiet tail.
      const a = account(Math.floor(random() ** 1.5 * options.accounts));
      const base = {
        eventId: `${options.idPrefix}-evt-${seq}`,
        occurredAt: new Date(now).toISOString(),
        accountId: a.accountId,
      };
      const roll = random();
      if (roll < mix.transaction) return { kind: 'transaction', event: transaction(base, a) };
      if (roll < mix.transaction + mix.login) {
        const failed = random() < 0.08;
        const login: LoginEvent = {
          schemaVersion: 1,
          ...base,
          outcome: failed ? 'failure' : 'success',
          ...(failed ? { failureReason: 'bad_password' as const } : {}),
          method: pick(['password', 'passkey', 'otp'] as const),
          ...context(a),
        };
        return { kind: 'login', event: login };
      }
      const change: AccountChangeEvent = {
        schemaVersion: 1,
        ...base,
        change: pick([
          'password_reset',
          'email_changed',
          'phone_changed',
          'mfa_enabled',
          'payout_method_added',
        ] as const),
        ...context(a),
      };
      return { kind: 'account_change', event: change };
    },
  };
}
