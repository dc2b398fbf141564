import { z } from 'zod';
import {
  brokerList,
  commonEnvShape,
  kafkaGroupEnvShape,
  envBoolean,
  parseEnv as parseWith,
  port,
} from '@vigil/config';
import { TOPICS } from '@vigil/events';
import { DEFAULT_TOPIC_PARTITIONS } from '@vigil/kafka';
import { NOTIFICATION_KINDS } from './domain/notification.ts';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const kindList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(NOTIFICATION_KINDS)));

/** A colour as CSS `#rrggbb`: nothing else can reach the page's stylesheet. */
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');

export const notifierEnv = z
  .object({
    ...commonEnvShape,
    ...kafkaGroupEnvShape,
    /**
     * Kafka bootstrap servers, comma-separated host:port. Required, as in the other services: a
     * replica deployed without it must not quietly look for a broker on its own host.
     */
    KAFKA_BROKERS: brokerList,
    /** Kafka client id of the consumer and producer (shows in broker logs and quotas). */
    KAFKA_CLIENT_ID: z.string().min(1).default('vigil-notifier'),
    /** Consumer group reading decisions and case-resolution feedback. */
    KAFKA_GROUP_ID: z.string().min(1).default('vigil-notifier'),
    /** Topic of the risk engine's decisions (challenge and block decisions get a notice). */
    DECISIONS_TOPIC: z.string().min(1).default(TOPICS.decisions),
    /** Topic read for case resolutions and written with customers' answers. */
    FEEDBACK_TOPIC: z.string().min(1).default(TOPICS.feedback),
    /** Topic a "not me" answer's account lock command is written to. */
    ACCOUNT_COMMANDS_TOPIC: z.string().min(1).default(TOPICS.accountCommands),
    /**
     * Create missing topics at start-up, with TOPIC_PARTITIONS partitions: the three above, and
     * the .dlq twins of the two it reads. Existing topics are left as they are.
     */
    CREATE_TOPICS: envBoolean.default(true),
    /** Partitions of topics created at start-up (the same default as the risk engine's). */
    TOPIC_PARTITIONS: z.coerce.number().int().positive().default(DEFAULT_TOPIC_PARTITIONS),
    /**
     * PostgreSQL holding contact_preferences, notifications and verification_answers.
     * Through PgBouncer: session pooling, or transaction pooling with PgBouncer 1.21+ and
     * `max_prepared_statements` set (the per-batch statements are named prepared statements).
     */
    DATABASE_URL: z.string().url(),
    /** Schema holding the notifier's tables (and its migrations table); created when missing. */
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'lower-case SQL identifier')
      .default('public'),
    /** Connections in the PostgreSQL pool. */
    DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
    /** Apply migrations at start-up (under node-pg-migrate's advisory lock). */
    MIGRATE_ON_START: envBoolean.default(true),

    /** Port of the verification pages and the status API. 0 picks a free port. */
    HTTP_PORT: port.default(8080),
    /**
     * Public URL of GET /verify as customers reach it; links are this plus `?t=<token>`. Unset:
     * http://127.0.0.1:<the port HTTP_PORT listens on>/verify, which only this machine can open
     * (a local run; start-up warns).
     */
    PUBLIC_VERIFY_URL: optionalString.pipe(z.url().optional()),
    /** HMAC-SHA256 key for verification links; at least 32 characters. */
    VERIFICATION_SECRET: z.string().min(32),
    /** Previous key, still accepted for verifying during a rotation. */
    VERIFICATION_SECRET_PREVIOUS: optionalString,
    /** How long a verification link works. */
    VERIFICATION_LINK_TTL_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(24 * 3_600_000),
    /** Bearer token for GET /notifications; unset leaves it open (bind it to an internal network). */
    STATUS_API_TOKEN: optionalString,
    /**
     * Bearer token of the internal read API GET /internal/v1/accounts/<id>/notices (the agent
     * console shows an account's notices with it); at least 16 characters. Unset turns the route
     * off (404).
     */
    NOTIFIER_READ_TOKEN: optionalString.refine(
      (value) => value === undefined || value.length >= 16,
      {
        message: 'at least 16 characters',
      },
    ),

    /** Platform name on the verification pages: header, page title, support lines. */
    BRAND_NAME: z.string().trim().min(1).max(60).default('Vigil'),
    /** Brand colour (#rrggbb) of the pages' header, the "yes" button and links; text on it turns white or black for contrast. */
    BRAND_PRIMARY_COLOR: hexColor.default('#1a56db'),
    /** Colour (#rrggbb) of the "not me" button and of the problem pages (expired, invalid, errors). */
    BRAND_ALERT_COLOR: hexColor.default('#b42318'),
    /** Logo in the pages' header: a .png, .svg, .jpg or .webp file of at most 64 KiB, read at start-up and inlined (the pages load nothing else); unset shows the name alone. */
    BRAND_LOGO_FILE: optionalString.pipe(
      z
        .string()
        .regex(/\.(png|svg|jpe?g|webp)$/i, 'a .png, .svg, .jpg or .webp file')
        .optional(),
    ),
    /** Support phone number shown (and dialable) on every verification page, e.g. "+81 3-1234-5678"; unset shows none. */
    BRAND_SUPPORT_PHONE: optionalString.pipe(
      z
        .string()
        .regex(/^\+?[0-9][0-9 ()-]{2,30}$/, 'digits, spaces, +, - and parentheses')
        .optional(),
    ),
    /** Support web page (http or https) linked from every verification page; unset links none (with neither, the pages point to the app). */
    BRAND_SUPPORT_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),

    /** SMTP relay for email; unset disables the email channel. */
    SMTP_HOST: optionalString,
    /** Port of the SMTP relay. */
    SMTP_PORT: port.default(587),
    /** true for implicit TLS (465); otherwise STARTTLS when offered. */
    SMTP_SECURE: envBoolean.default(false),
    /** SMTP login; unset sends without authentication. */
    SMTP_USER: optionalString,
    /** Password of SMTP_USER. */
    SMTP_PASSWORD: optionalString,
    /**
     * Connections the email channel keeps open to the SMTP relay and reuses (each for up to 100
     * messages); messages beyond them wait for a free one.
     */
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
    /** From address of notification emails. */
    SMTP_FROM: z.string().min(3).default('Vigil Security <security@vigil.example>'),
    /** SMS provider webhook (JSON POST); unset disables SMS. */
    SMS_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
    /** Bearer token sent to the SMS webhook; unset sends none. */
    SMS_WEBHOOK_TOKEN: optionalString,
    /** Push provider webhook (JSON POST); unset disables push. */
    PUSH_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
    /** Bearer token sent to the push webhook; unset sends none. */
    PUSH_WEBHOOK_TOKEN: optionalString,
    /** Per-request timeout for SMTP and webhooks. */
    CHANNEL_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

    /** Attempts per notice before it is `dead`. */
    MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
    /** Delay (ms) before the first retry of a failed send; it doubles per attempt (20 % jitter). */
    RETRY_BASE_MS: z.coerce.number().int().positive().default(5_000),
    /** The longest delay (ms) between two attempts. */
    RETRY_MAX_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(15 * 60_000),
    /** Notices the dispatcher claims at a time. */
    DISPATCH_BATCH_SIZE: z.coerce.number().int().positive().default(20),
    /** How often (ms) an idle dispatcher looks for due notices. */
    DISPATCH_POLL_MS: z.coerce.number().int().positive().default(1_000),
    /**
     * A decision joins its account's open notice incident when decided less than this many ms after
     * the incident's last one; the customer gets one notice per incident and kind, and no "was this
     * you?" once the incident has a lock notice.
     */
    NOTICE_INCIDENT_WINDOW_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(30 * 60_000),
    /**
     * How long (ms) a new incident's verification request or lock notice waits before its first
     * send, so the rest of a burst is listed in it and a lock decided meanwhile replaces the
     * "was this you?". Access restored goes at once.
     */
    NOTICE_GATHER_MS: z.coerce.number().int().nonnegative().default(30_000),
    /** Rate limit: at most this many notices per account per window (suppressed beyond, recorded). */
    RATE_LIMIT_MAX: z.coerce.number().int().nonnegative().default(5),
    /** Length (ms) of the sliding rate-limit window. */
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(3_600_000),
    /** Kinds the rate limit never suppresses, comma-separated (e.g. "lock_notice"). */
    RATE_LIMIT_EXEMPT_KINDS: kindList,

    /**
     * Days notices (and the causes, answers and incidents recorded with them) are kept after they
     * were created; older ones are deleted in the background (the personal data they hold is
     * not kept for ever) and a decision older than this gets no notice (a replay of a decision
     * whose notice was deleted must not notify again). Longer than VERIFICATION_LINK_TTL_MS.
     */
    NOTICES_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
    /** How often (ms) notices past NOTICES_RETENTION_DAYS are looked for and deleted. */
    NOTICES_PRUNE_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .default(10 * 60_000),
    /** Rows of each table deleted per pruning transaction (short transactions, small locks). */
    NOTICES_PRUNE_BATCH: z.coerce.number().int().min(1).max(100_000).default(1_000),

    /**
     * case-service gRPC target for RaiseCase on a "not me" answer: host:port, or several replicas
     * as ipv4:host1:port1,host2:port2 (failover to the next); unset disables it, and the
     * verification pages then tell a "not me" customer to contact support instead of saying the
     * team will contact them (no one would).
     */
    CASE_SERVICE_ADDR: optionalString,
    /**
     * Bearer token with the `service` role at case-service (one of its CASE_AUTH_TOKENS: at least
     * 16 characters, so start-up refuses a shorter one).
     */
    CASE_SERVICE_TOKEN: optionalString.refine(
      (value) => value === undefined || value.length >= 16,
      'at least 16 characters, as case-service requires',
    ),
  })
  .refine((env) => env.NOTICES_RETENTION_DAYS * 86_400_000 > env.VERIFICATION_LINK_TTL_MS, {
    message:
      'NOTICES_RETENTION_DAYS must outlast VERIFICATION_LINK_TTL_MS (a link must find its notice)',
    path: ['NOTICES_RETENTION_DAYS'],
  })
  .refine((env) => env.CASE_SERVICE_ADDR === undefined || env.CASE_SERVICE_TOKEN !== undefined, {
    message: 'CASE_SERVICE_TOKEN is required when CASE_SERVICE_ADDR is set',
    path: ['CASE_SERVICE_TOKEN'],
  })
  .refine(
    (env) =>
      env.SMTP_HOST !== undefined ||
      env.SMS_WEBHOOK_URL !== undefined ||
      env.PUSH_WEBHOOK_URL !== undefined,
    {
      message: 'configure at least one channel: SMTP_HOST, SMS_WEBHOOK_URL or PUSH_WEBHOOK_URL',
      path: ['SMTP_HOST'],
    },
  );
export type NotifierEnv = z.infer<typeof notifierEnv>;

export function parseEnv(source: Record<string, string | undefined>): NotifierEnv {
  return parseWith(notifierEnv, source);
}
