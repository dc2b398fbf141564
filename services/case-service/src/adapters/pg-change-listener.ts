import pg from 'pg';
import { z } from 'zod';
import type { Logger } from 'pino';
import { backoffDelayMs, type RetryPolicy } from '@vigil/lifecycle';
import { CASE_STATUSES, CHANGE_KINDS, SEVERITIES, type CaseChange } from '../domain/case-model.ts';

const caseChange = z.object({
  kind: z.enum(CHANGE_KINDS),
  caseId: z.string(),
  accountId: z.string(),
  status: z.enum(CASE_STATUSES),
  severity: z.enum(SEVERITIES),
  // raise_case() sends null for an unassigned case; TypeScript writers omit the key.
  assignee: z
    .string()
    .nullish()
    .transform((value) => value ?? undefined),
  actor: z.string(),
  at: z.string(),
});

/** Watch streams are told about the gap at once, so reconnecting can start small and stay quick. */
const RECONNECT_RETRY: RetryPolicy = { initialDelayMs: 200, maxDelayMs: 5_000, jitter: 0.5 };

export interface ChangeListener {
  close(): Promise<void>;
}

/**
 * LISTENs on the change channel with a dedicated connection (a pooled one would be handed to
 * queries and lose the LISTEN). NOTIFY is delivered only after commit, so watchers never see a
 * change that rolled back. On connection loss it reports the gap and reconnects with backoff.
 */
export async function startPgChangeListener(options: {
  connectionString: string;
  channel: string;
  logger: Logger;
  onChange: (change: CaseChange) => void;
  onInterrupted: (reason: string) => void;
}): Promise<ChangeListener> {
  const { logger, channel } = options;
  let closed = false;
  let client: pg.Client | undefined;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.connectionString });
    next.on('notification', (message) => {
      if (message.channel !== channel || message.payload === undefined) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message.payload);
      } catch {
        payload = undefined;
      }
      const parsed = caseChange.safeParse(payload);
      if (parsed.success) options.onChange(parsed.data);
      else logger.warn({ channel }, 'ignoring malformed case change notification');
    });
    // A dropped socket shows up as 'error', 'end' or both; react once per connection.
    const lost = (error?: Error) => {
      if (client !== next) return;
      logger.warn({ err: error }, 'case change listener lost its connection');
      void next.end().catch(() => undefined);
      scheduleReconnect('change feed connection lost');
    };
    next.on('error', lost);
    next.on('end', () => lost());
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    attempt = 0;
  };

  const scheduleReconnect = (reason: string) => {
    client = undefined;
    options.onInterrupted(reason);
    if (closed) return;
    attempt += 1;
    retryTimer = setTimeout(
      () => {
        connect().catch((error: unknown) => {
          logger.warn({ err: error, attempt }, 'case change listener reconnect failed');
          scheduleReconnect('change feed unavailable');
        });
      },
      backoffDelayMs(RECONNECT_RETRY, attempt),
    );
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      await current?.end();
    },
  };
}
