import { consoleError } from '../domain/console-errors.ts';
import { SignInLimiter } from '../domain/sign-in-limiter.ts';
import type { Clock, ConnectCases, RandomToken, Session, SessionStore } from './ports.ts';

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
 * Sign-in, look-up and sign-out. The agent's token is checked by case-service itself (WhoAmI)
 * and then only lives inside the session's connection: never in a cookie, a URL or a log line.
 */
export class Sessions {
  private readonly limiter: SignInLimiter;

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
    const session: Session = {
      id: this.deps.randomToken(),
      csrfToken: this.deps.randomToken(),
      principal: caller.principal,
      role: caller.role,
      connection,
      createdAtMs: now,
      lastSeenMs: now,
    };
    this.deps.store.put(session);
    this.deps.onSignIn?.('ok', caller);
    return session;
  }

  /** The live session with this id, its idle clock restarted; undefined when over or unknown. */
  touch(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.deps.store.get(id);
    if (!session) return undefined;
    const now = this.deps.clock();
    if (this.expired(session, now)) {
      this.end(session.id);
      return undefined;
    }
    session.lastSeenMs = now;
    return session;
  }

  expiresAtMs(session: Session): number {
    const { idleMs, maxAgeMs } = this.deps.policy;
    return Math.min(session.lastSeenMs + idleMs, session.createdAtMs + maxAgeMs);
  }

  end(id: string): void {
    this.deps.store.delete(id)?.connection.close();
  }

  /** Ends expired sessions and forgets old sign-in attempts; run periodically. */
  sweep(): number {
    const now = this.deps.clock();
    const over = [...this.deps.store.all()].filter((s) => this.expired(s, now));
    for (const session of over) this.end(session.id);
    this.limiter.prune(now);
    return over.length;
  }

  endAll(): void {
    for (const session of [...this.deps.store.all()]) this.end(session.id);
  }

  get count(): number {
    return this.deps.store.size;
  }

  private expired(session: Session, now: number): boolean {
    return now >= this.expiresAtMs(session);
  }
}
