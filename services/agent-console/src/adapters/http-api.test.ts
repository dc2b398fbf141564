import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '@vigil/observability';
import { createConsoleApp, type ConsoleApp } from '../agent-console-app.ts';
import type { SessionStore } from '../app/ports.ts';
import { TOUCH_WRITE_EVERY_MS } from '../app/sessions.ts';
import { createMemorySessionStore } from './memory-session-store.ts';
import { createFakeCaseService, type FakeCaseService } from '../test-support/fake-case-service.ts';

const ANN = 'ann-token-0123456789abcdef';
const SUE = 'sue-token-0123456789abcdef';
const ENGINE = 'engine-token-0123456789abcdef';
const CASE_A = '11111111-1111-4111-8111-111111111111';
const CASE_B = '22222222-2222-4222-8222-222222222222';

let fake: FakeCaseService;
let app: ConsoleApp;
let now: number;
let logged: string;
let store: SessionStore;
// What the consoles log, to check no token is ever written.
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logged += chunk.toString();
    done();
  },
});

beforeEach(async () => {
  fake = createFakeCaseService({
    [ANN]: { principal: 'agent-ann', role: 'agent' },
    [SUE]: { principal: 'sup-sue', role: 'supervisor' },
    [ENGINE]: { principal: 'risk-engine', role: 'service' },
  });
  fake.addCase({ caseId: CASE_A, severity: 'critical' });
  fake.addCase({ caseId: CASE_B, assignee: 'agent-bob', status: 'in_progress' });
  now = Date.parse('2026-12-01T08:00:00Z');
  logged = '';
  store = createMemorySessionStore(() => now);
  app = await consoleApp(store);
});
afterEach(() => app.stop());

/** A console replica on the fake case-service and the given (possibly shared) session store. */
function consoleApp(sessionStore: SessionStore) {
  return createConsoleApp({
    sessionStore,
    connect: fake.connect,
    logger: pino({ level: 'trace' }, sink),
    registry: createMetricsRegistry('agent-console-test'),
    policy: {
      idleMs: 30 * 60_000,
      maxAgeMs: 10 * 3_600_000,
      signInAttempts: 5,
      signInWindowMs: 60_000,
    },
    slaSeconds: 3_600,
    cookieSecure: true,
    trustProxy: false,
    clock: () => now,
  });
}

async function signIn(token: string) {
  const response = await app.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { token },
  });
  const cookie = response.cookies.find((c) => c.name === 'vigil_session');
  const body = response.json<{ csrfToken: string; principal: string; role: string }>();
  return { response, cookie, body, headers: { cookie: `vigil_session=${cookie?.value ?? ''}` } };
}

async function asAnn() {
  const { headers, body } = await signIn(ANN);
  return { headers, csrf: { ...headers, 'x-csrf-token': body.csrfToken } };
}

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Strict, Secure session cookie and never echoes the token', async () => {
    const { response, cookie, body } = await signIn(ANN);
    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({ principal: 'agent-ann', role: 'agent' });
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/' });
    expect(cookie?.value).not.toContain(ANN);
    expect(response.body).not.toContain(ANN);
    expect(logged).not.toContain(ANN);
    expect(logged).toContain('"principal":"agent-ann"');
  });

  it('refuses an unknown token (401) and a service token (403), closing their connections', async () => {
    expect((await signIn('not-a-known-token-000000')).response.statusCode).toBe(401);
    const service = await signIn(ENGINE);
    expect(service.response.statusCode).toBe(403);
    expect(service.cookie).toBeUndefined();
    expect(fake.openConnections()).toBe(0);
    expect(logged).not.toContain(ENGINE);
  });

  it('does not count successful sign-ins (a floor of agents behind one address)', async () => {
    for (let i = 0; i < 8; i += 1) expect((await signIn(ANN)).response.statusCode).toBe(200);
  });

  it('rate-limits failed sign-ins per client address', async () => {
    const codes = [];
    for (let i = 0; i < 6; i += 1)
      codes.push((await signIn(`wrong-token-${i}-0123456789`)).response.statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await signIn(ANN)).response.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    now += 61_000;
    expect((await signIn(ANN)).response.statusCode).toBe(200);
  });

  it('validates the body: a short token, an extra field or a text/plain post is refused', async () => {
    const short = await app.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { token: 'x' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    const extra = await app.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { token: ANN, role: 'supervisor' },
    });
    expect(extra.statusCode).toBe(400);
    const form = await app.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ token: ANN }),
    });
    expect(form.statusCode).toBe(415);
  });
});

describe('sessions', () => {
  it('answers who is signed in, and 401 without a cookie', async () => {
    const { headers } = await asAnn();
    const me = await app.app.inject({ url: '/api/session', headers });
    expect(me.json()).toMatchObject({ principal: 'agent-ann', role: 'agent' });
    expect((await app.app.inject({ url: '/api/session' })).statusCode).toBe(401);
  });

  it('expires an idle session and closes its case-service connection', async () => {
    const { headers } = await asAnn();
    now += 29 * 60_000;
    expect((await app.app.inject({ url: '/api/cases', headers })).statusCode).toBe(200);
    now += 31 * 60_000;
    const expired = await app.app.inject({ url: '/api/cases', headers });
    expect(expired.statusCode).toBe(401);
    expect(fake.openConnections()).toBe(0);
  });

  it('signs out with the CSRF token only, and forgets the session', async () => {
    const { headers, csrf } = await asAnn();
    expect(
      (await app.app.inject({ method: 'DELETE', url: '/api/session', headers })).statusCode,
    ).toBe(403);
    const out = await app.app.inject({ method: 'DELETE', url: '/api/session', headers: csrf });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'vigil_session')?.value).toBe('');
    expect((await app.app.inject({ url: '/api/session', headers })).statusCode).toBe(401);
    expect(fake.openConnections()).toBe(0);
  });
});

describe('sessions shared by replicas (one store)', () => {
  it('a session signed in on one replica works on another; signing out on either ends it on both', async () => {
    const other = await consoleApp(store);
    try {
      const { headers, csrf } = await asAnn();
      const there = await other.app.inject({ url: '/api/session', headers });
      expect(there.statusCode).toBe(200);
      expect(there.json()).toMatchObject({ principal: 'agent-ann', role: 'agent' });
      // The second replica opened its own connection with the agent's token.
      expect(fake.openConnections()).toBe(2);
      expect((await other.app.inject({ url: '/api/cases', headers })).statusCode).toBe(200);
      expect(fake.calls.filter((c) => c.method === 'ListCases').at(-1)).toMatchObject({
        principal: 'agent-ann',
      });

      const out = await other.app.inject({ method: 'DELETE', url: '/api/session', headers: csrf });
      expect(out.statusCode).toBe(204);
      expect((await app.app.inject({ url: '/api/session', headers })).statusCode).toBe(401);
      expect(fake.openConnections()).toBe(0);
    } finally {
      await other.stop();
    }
  });

  it('a replica restart keeps the agent signed in', async () => {
    const { headers } = await asAnn();
    await app.stop();
    app = await consoleApp(store);
    expect((await app.app.inject({ url: '/api/session', headers })).statusCode).toBe(200);
  });

  it('writes the idle clock back at most every TOUCH_WRITE_EVERY_MS, and counts the latest use', async () => {
    const puts: number[] = [];
    const counting: SessionStore = {
      ...store,
      put: (record, expiresAtMs) => (puts.push(record.lastSeenMs), store.put(record, expiresAtMs)),
    };
    await app.stop();
    app = await consoleApp(counting);
    const { headers } = await asAnn();
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      expect((await app.app.inject({ url: '/api/session', headers })).statusCode).toBe(200);
    }
    expect(puts).toHaveLength(1); // the sign-in
    now += TOUCH_WRITE_EVERY_MS;
    await app.app.inject({ url: '/api/session', headers });
    expect(puts).toHaveLength(2);
    expect(puts.at(-1)).toBe(now);
  });

  it('answers 503, retryable, when the session store does not answer', async () => {
    const { headers } = await asAnn();
    await app.stop();
    app = await consoleApp({ ...store, get: () => Promise.reject(new Error('ECONNREFUSED')) });
    const response = await app.app.inject({ url: '/api/session', headers });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: { code: 'UNAVAILABLE', retryable: true } });
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the header or with a wrong one', async () => {
    const { headers } = await asAnn();
    for (const extra of [{}, { 'x-csrf-token': 'guessed' }]) {
      const response = await app.app.inject({
        method: 'POST',
        url: `/api/cases/${CASE_A}/notes`,
        headers: { ...headers, ...extra },
        payload: { body: 'hello' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'CSRF_REJECTED' } });
    }
    expect(fake.calls.filter((c) => c.method === 'AddNote')).toEqual([]);
  });
});

describe('queue', () => {
  it('passes the filters on with the caller as "me" and counts per severity', async () => {
    const { headers } = await asAnn();
    const response = await app.app.inject({
      url: '/api/cases?status=open,in_progress&assignee=me&sort=oldest&pageSize=10',
      headers,
    });
    expect(response.statusCode).toBe(200);
    const listed = fake.calls.find((c) => c.method === 'ListCases');
    expect(listed).toMatchObject({
      principal: 'agent-ann',
      args: {
        assignee: 'agent-ann',
        order: 'oldest',
        pageSize: 10,
        statuses: ['open', 'in_progress'],
      },
    });
    expect(response.json()).toMatchObject({ cases: [], counts: { critical: 0 }, countCap: 200 });
    // The counts are one CountCases call with the same filters, not a page of cases per severity.
    expect(fake.calls.filter((c) => c.method === 'ListCases')).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'CountCases')).toMatchObject([
      {
        principal: 'agent-ann',
        args: { assignee: 'agent-ann', statuses: ['open', 'in_progress'], cap: 200 },
      },
    ]);
  });

  it('lists unassigned as open cases, with counts', async () => {
    const { headers } = await asAnn();
    const page = await app.app.inject({ url: '/api/cases?assignee=unassigned', headers });
    expect(page.json()).toMatchObject({
      cases: [{ caseId: CASE_A }],
      counts: { critical: 1, high: 0 },
    });
  });

  it('lists SLA-breached cases: unresolved and opened longer ago than the target', async () => {
    const { headers } = await asAnn();
    const fresh = '33333333-3333-4333-8333-333333333333';
    fake.addCase({ caseId: fresh, createdAt: new Date(now - 10 * 60_000).toISOString() });
    const response = await app.app.inject({ url: '/api/cases?sla=breached', headers });
    const body = response.json<{ cases: { caseId: string; sla: unknown }[] }>();
    expect(body.cases.map((c) => c.caseId).sort()).toEqual([CASE_A, CASE_B]);
    expect(fake.calls.find((c) => c.method === 'ListCases')).toMatchObject({
      args: { statuses: ['open', 'in_progress'], createdBefore: '2026-12-01T07:00:00.000Z' },
    });
    const all = await app.app.inject({ url: '/api/cases', headers });
    const freshRow = all
      .json<{ cases: { caseId: string; sla: unknown }[] }>()
      .cases.find((c) => c.caseId === fresh);
    expect(freshRow?.sla).toEqual({ dueAt: '2026-12-01T08:50:00.000Z', breached: false });
  });

  it('refuses unknown filters and malformed cursors', async () => {
    const { headers } = await asAnn();
    for (const query of [
      'status=closed',
      'sla=soon',
      'sort=random',
      'pageSize=1000',
      'cursor=a%20b',
      'x=1',
    ]) {
      const response = await app.app.inject({ url: `/api/cases?${query}`, headers });
      expect(response.statusCode, query).toBe(400);
    }
  });
});

describe('case page and actions', () => {
  it('shows a case with what the caller may do', async () => {
    const { headers } = await asAnn();
    const own = await app.app.inject({ url: `/api/cases/${CASE_A}`, headers });
    expect(own.json()).toMatchObject({
      summary: { caseId: CASE_A },
      lock: { state: 'unknown' },
      allowed: { assignToMe: true, assignToOther: false, resolve: true },
    });
    // CASE_B is the same account's other case: the page lists it as the account's history.
    expect(own.json<{ accountCases: { caseId: string }[] }>().accountCases).toEqual([
      expect.objectContaining({ caseId: CASE_B }),
    ]);
    const bobs = await app.app.inject({ url: `/api/cases/${CASE_B}`, headers });
    expect(bobs.json()).toMatchObject({ allowed: { assignToMe: false, resolve: false } });
  });

  it('assigns to the caller, adds a note and resolves, as the caller', async () => {
    const { csrf } = await asAnn();
    const post = (path: string, payload: object) =>
      app.app.inject({
        method: 'POST',
        url: `/api/cases/${CASE_A}/${path}`,
        headers: csrf,
        payload,
      });
    expect((await post('assign', {})).json()).toMatchObject({
      assignee: 'agent-ann',
      status: 'in_progress',
    });
    expect((await post('notes', { body: '<img src=x onerror=alert(1)>' })).json()).toMatchObject({
      author: 'agent-ann',
      body: '<img src=x onerror=alert(1)>',
    });
    expect((await post('resolve', { disposition: 'false_positive' })).json()).toMatchObject({
      status: 'resolved',
      disposition: 'false_positive',
    });
    expect(fake.calls.map((c) => c.principal)).not.toContain('risk-engine');
  });

  it("passes case-service's refusals on: permission denied, already resolved, unavailable", async () => {
    const { csrf } = await asAnn();
    const resolveB = await app.app.inject({
      method: 'POST',
      url: `/api/cases/${CASE_B}/resolve`,
      headers: csrf,
      payload: { disposition: 'confirmed_fraud', comment: 'typed text' },
    });
    expect(resolveB.statusCode).toBe(403);
    expect(resolveB.json()).toMatchObject({
      error: {
        code: 'PERMISSION_DENIED',
        message: expect.stringMatching(/needs a supervisor/) as string,
      },
    });
    fake.cases.get(CASE_A)!.summary.status = 'resolved';
    const again = await app.app.inject({
      method: 'POST',
      url: `/api/cases/${CASE_A}/resolve`,
      headers: csrf,
      payload: { disposition: 'inconclusive' },
    });
    expect(again.statusCode).toBe(409);
    fake.down = true;
    const down = await app.app.inject({
      method: 'POST',
      url: `/api/cases/${CASE_A}/notes`,
      headers: csrf,
      payload: { body: 'x' },
    });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: { code: 'UNAVAILABLE', retryable: true } });
  });

  it('locks and unlocks an account with a reason, citing the case', async () => {
    const { csrf } = await asAnn();
    const lock = await app.app.inject({
      method: 'POST',
      url: '/api/accounts/acct-1/lock',
      headers: csrf,
      payload: { reason: 'card testing', caseId: CASE_A },
    });
    expect(lock.json()).toEqual({ commandId: 'cmd-lock' });
    expect(fake.calls.at(-1)).toMatchObject({
      method: 'LockAccount',
      args: { accountId: 'acct-1', reason: 'card testing', caseId: CASE_A },
    });
    const noReason = await app.app.inject({
      method: 'POST',
      url: '/api/accounts/acct-1/unlock',
      headers: csrf,
      payload: { reason: '  ' },
    });
    expect(noReason.statusCode).toBe(400);
  });

  it('refuses a case id that is not a UUID before calling case-service', async () => {
    const { headers } = await asAnn();
    const response = await app.app.inject({ url: '/api/cases/..%2Fadmin', headers });
    expect(response.statusCode).toBe(400);
    expect(fake.calls.filter((c) => c.method === 'GetCase')).toEqual([]);
  });
});

describe('headers', () => {
  it('sends a strict Content-Security-Policy without inline script, and no-store on the API', async () => {
    const response = await app.app.inject({ url: '/api/session' });
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
