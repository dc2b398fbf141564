import { z } from 'zod';
import {
  accountId,
  cardBin,
  country,
  device,
  eventId,
  geo,
  ip,
  isoInstant,
  merchantId,
  money,
  schemaVersion,
} from './primitives.ts';

export const TRANSACTION_TYPES = ['payment', 'transfer', 'withdrawal', 'refund', 'topup'] as const;
export const CHANNELS = ['pos', 'ecommerce', 'app', 'p2p'] as const;
export const ACCOUNT_TIERS = ['basic', 'verified', 'business'] as const;
export const PAYMENT_STATUSES = ['approved', 'declined'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

// z.object strips unknown keys: extra fields from upstream are accepted and ignored.
export const transactionEvent = z.object({
  schemaVersion,
  eventId,
  occurredAt: isoInstant,
  accountId,
  transactionId: z.string().min(1).max(128),
  type: z.enum(TRANSACTION_TYPES),
  status: z.enum(PAYMENT_STATUSES),
  declineReason: z.string().max(128).optional(),
  amount: money,
  channel: z.enum(CHANNELS),
  merchant: z
    .object({
      id: merchantId,
      name: z.string().max(256).optional(),
      mcc: z
        .string()
        .regex(/^\d{4}$/, 'four-digit MCC')
        .optional(),
      country: country.optional(),
    })
    .optional(),
  beneficiary: z
    .object({ id: z.string().min(1).max(128), name: z.string().max(256).optional() })
    .optional(),
  card: z
    .object({
      fingerprint: z.string().min(1).max(128),
      bin: cardBin.optional(),
      last4: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
      country: country.optional(),
    })
    .optional(),
  device: device.optional(),
  ip: ip.optional(),
  geo: geo.optional(),
  account: z
    .object({
      country: country.optional(),
      tier: z.enum(ACCOUNT_TIERS).optional(),
      createdAt: isoInstant.optional(),
    })
    .optional(),
});
export type TransactionEvent = z.infer<typeof transactionEvent>;

export const LOGIN_FAILURE_REASONS = [
  'bad_password',
  'bad_otp',
  'unknown_account',
  'locked',
] as const;
export const LOGIN_METHODS = ['password', 'otp', 'passkey', 'sso'] as const;

export const loginEvent = z.object({
  schemaVersion,
  eventId,
  occurredAt: isoInstant,
  accountId,
  outcome: z.enum(['success', 'failure']),
  failureReason: z.enum(LOGIN_FAILURE_REASONS).optional(),
  method: z.enum(LOGIN_METHODS),
  device: device.optional(),
  ip: ip.optional(),
  geo: geo.optional(),
});
export type LoginEvent = z.infer<typeof loginEvent>;

export const ACCOUNT_CHANGES = [
  'password_reset',
  'email_changed',
  'phone_changed',
  'mfa_disabled',
  'mfa_enabled',
  'payout_method_added',
] as const;

export const accountChangeEvent = z.object({
  schemaVersion,
  eventId,
  occurredAt: isoInstant,
  accountId,
  change: z.enum(ACCOUNT_CHANGES),
  device: device.optional(),
  ip: ip.optional(),
  geo: geo.optional(),
});
export type AccountChangeEvent = z.infer<typeof accountChangeEvent>;

export const DISPUTE_REASON_FAMILIES = [
  'fraud',
  'authorisation',
  'processing',
  'consumer_dispute',
] as const;
export type DisputeReasonFamily = (typeof DISPUTE_REASON_FAMILIES)[number];
export const DISPUTE_STATUSES = ['opened', 'won', 'lost'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/**
 * A dispute or chargeback on a transaction, from the acquirer or issuer. One record per status
 * change of a dispute (opened, then won or lost); `won` and `lost` are from the platform's side
 * (lost: the chargeback stands). Not scored: it feeds labels and chargeback metrics.
 */
export const disputeEvent = z.object({
  schemaVersion,
  disputeId: z.string().min(1).max(128),
  accountId,
  /** The disputed payment's transactionId (payments.transactions.v1). */
  transactionId: z.string().min(1).max(128),
  occurredAt: isoInstant,
  reasonFamily: z.enum(DISPUTE_REASON_FAMILIES),
  amount: money,
  status: z.enum(DISPUTE_STATUSES),
  merchantId: merchantId.optional(),
  bin: cardBin.optional(),
});
export type DisputeEvent = z.infer<typeof disputeEvent>;

/** What the risk engine scores, tagged by the topic it came from. */
export type ScoredEvent =
  | { kind: 'transaction'; event: TransactionEvent }
  | { kind: 'login'; event: LoginEvent }
  | { kind: 'account_change'; event: AccountChangeEvent };
