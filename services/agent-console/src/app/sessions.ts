import { consoleError, type ConsoleError } from '../domain/console-errors.ts';
import { SignInLimiter } from '../domain/sign-in-limiter.ts';
import type {
  Clock,
  ConnectCases,
  RandomToken,
  Session,
  SessionRecord,
  SessionStore,
} from './ports.ts';

export interface SessionPolicy {
  /** A session unused this long is over. */
  idleMs: number;
  /** A session is over this long after sign-in, however busy. */
  maxAgeMs: number;
  /** Failed sign-ins one client address may make per window before it must wait. */
  signInAttempts: number;
  signInWindowMs: number;
}

export interface SessionDeps {
  store: SessionStore;
  connect: ConnectCases;
  clock: Clock;
  randomToken: RandomToken;
  policy: SessionPolicy;
  /** Told of every attempt (metrics, the log); never given the token. */
  onSignIn?: (
    outcome: 'ok' | 'rejected' | 'limited',
    who?: { principal: string; role: string },
  ) => void;
}

/**
 * A touch writes the session's new idle clock back to the store at most this often: a busy
 * page (and its live stream's heartbeat) costs a read per request, not a write. The idle
 * timeout may so end up to this much early on another replica.
 */
export const TOUCH_WRITE_EVERY_MS = 10_000;

/**
 * Sign-in, look-up and sign-out. The agent's token is checked by case-service itself (WhoAmI)
 * and then lives only in the session store (sealed there when it is Redis) and inside the case
 * connection this replica opened for it: never in a cookie, a URL or a log line. Every look-up
 * reads the store, so a sign-out on one replica ends the session on all of them.
 */
export class Sessions {
  private readonly limiter: SignInLimiter;
  /** Sessions this replica has served: their connections, and when the store last heard of them. */
  private readonly live = new Map<string, { session: Session; storedSeenMs: number }>();

  constructor(private readonly deps: SessionDeps) {
    this.limiter = new SignInLimiter(deps.policy.signInAttempts, deps.policy.signInWindowMs);
  }

  async signIn(token: string, client: string): Promise<Session> {
    const now = this.deps.clock();
    const waitMs = this.limiter.retryAfterMs(client, now);
    if (waitMs !== null) {
      this.deps.onSignIn?.('limited');
      throw consoleError(
        'RATE_LIMITED',
        `too many failed sign-ins; try again in ${Math.ceil(waitMs / 1000)} s`,
      );
    }
    const refuse = (error: unknown) => {
      connection.close();
      this.limiter.recordFailure(client, now);
      this.deps.onSignIn?.('rejected');
      return error;
    };
    const connection = this.deps.connect(token);
    let caller;
    try {
      caller = await connection.whoAmI();
    } catch (error) {
      throw refuse(error);
    }
    // A service token in a browser would act as the risk engine: refuse it outright.
    if (caller.role === 'service')
      throw refuse(
        consoleError('PERMISSION_DENIED', 'service tokens cannot sign in to the console'),
      );
    const record: SessionRecord = {
      id: this.deps.randomToken(),
      csrfToken: this.deps.randomToken(),
      principal: caller.principal,
      role: caller.role,
      token,
      createdAtMs: now,
      lastSeenMs: now,
    };
    try {
      await this.deps.store.put(record, this.expiresAtMs(record));
    } catch (error) {
      connection.close();
      throw storeUnavailable(error);
    }
    const session = withConnection(record, connection);
    this.live.set(record.id, { session, storedSeenMs: now });
    this.deps.onSignIn?.('ok', caller);
    return session;
  }

  /** The live session with this id, its idle clock restarted; undefined when over or unknown. */
  async touch(id: string | undefined): Promise<Session | undefined> {
    if (id === undefined) return undefined;
    const record = await this.deps.store.get(id).catch((error: unknown) => {
      throw storeUnavailable(error);
    });
    const now = this.deps.clock();
    let local = this.live.get(id);
    // This replica may have seen the session since it last wrote the idle clock back.
    const seenMs = Math.max(record?.lastSeenMs ?? 0, local?.session.lastSeenMs ?? 0);
    if (!record) {
      // Unknown, expired in the store, or signed out elsewhere: nothing to delete there.
      this.forget(id);
      return undefined;
    }
    if (this.expired({ createdAtMs: record.createdAtMs, lastSeenMs: seenMs }, now)) {
      await this.end(id);
      return undefined;
    }
    if (!local) {
      // Signed in on another replica (or before a restart): open this replica's connection.
      local = {
        session: withConnection(record, this.deps.connect(record.token)),
        storedSeenMs: record.lastSeenMs,
      };
      this.live.set(id, local);
    }
    local.session.lastSeenMs = now;
    if (now - Math.max(local.storedSeenMs, record.lastSeenMs) >= TOUCH_WRITE_EVERY_MS) {
      const touched = { ...record, lastSeenMs: now };
      await this.deps.store.put(touched, this.expiresAtMs(touched)).catch((error: unknown) => {
        throw storeUnavailable(error);
      });
      local.storedSeenMs = now;
    }
    return local.session;
  }

  expiresAtMs(session: Pick<SessionRecord, 'lastSeenMs' | 'createdAtMs'>): number {
    const { idleMs, maxAgeMs } = this.deps.policy;
    return Math.min(session.lastSeenMs + idleMs, session.createdAtMs + maxAgeMs);
  }

  /** Signs the session out everywhere and closes this replica's connection for it. */
  async end(id: string): Promise<void> {
    this.forget(id);
    await this.deps.store.delete(id).catch((error: unknown) => {
      throw storeUnavailable(error);
    });
  }

  /**
   * Closes the connections of sessions that are over (expired, or signed out on another
   * replica) and forgets old sign-in attempts; run periodically. Returns how many it closed.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock();
    let closed = 0;
    for (const [id, { session }] of [...this.live]) {
      const record = await this.deps.store.get(id).catch(() => session);
      if (record && !this.expired(record, now)) continue;
      this.forget(id);
      closed += 1;
    }
    this.limiter.prune(now);
    return closed;
  }

  /** Closes this replica's connections; the sessions stay in a shared store for the others. */
  closeConnections(): void {
    for (const id of [...this.live.keys()]) this.forget(id);
  }

  /** Sessions this replica holds a connection for. */
  get count(): number {
    return this.live.size;
  }

  private forget(id: string): void {
    this.live.get(id)?.session.connection.close();
    this.live.delete(id);
  }

  private expired(session: Pick<SessionRecord, 'lastSeenMs' | 'createdAtMs'>, now: number) {
    return now >= this.expiresAtMs(session);
  }
}

function withConnection(record: SessionRecord, connection: Session['connection']): Session {
  const { token: _token, ...rest } = record;
  return { ...rest, connection };
}

/** The store (Redis) did not answer: the agent may retry; nothing about the session changed. */
function storeUnavailable(error: unknown): ConsoleError {
  return consoleError('UNAVAILABLE', 'the session store is unavailable; try again', {
    cause: error,
  });
}
