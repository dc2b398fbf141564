import { status } from '@grpc/grpc-js';
import type { CaseServiceError, CasesClient } from '@vigil/protos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decision,
  failure,
  startCaseHarness,
  type CaseHarness,
} from './test-support/case-harness.ts';

let h: CaseHarness;
let engine: CasesClient;
let ann: CasesClient;
let bob: CasesClient;
let sue: CasesClient;

beforeAll(async () => {
  h = await startCaseHarness();
  engine = h.client('risk-engine');
  ann = h.client('agent-ann');
  bob = h.client('agent-bob');
  sue = h.client('sup-sue');
});
afterAll(() => h.close());

const account = () => `acct-${Math.random().toString(36).slice(2, 10)}`;

async function caseOwnedByAnn(): Promise<string> {
  const { caseId } = await engine.raiseCase(decision({ accountId: account() }));
  await ann.assignCase({ caseId, assignee: 'agent-ann' });
  return caseId;
}

describe('authentication', () => {
  it('tells each token who it stands for (WhoAmI), and refuses an unknown one', async () => {
    await expect(ann.whoAmI()).resolves.toEqual({ principal: 'agent-ann', role: 'agent' });
    await expect(sue.whoAmI()).resolves.toEqual({ principal: 'sup-sue', role: 'supervisor' });
    await expect(engine.whoAmI()).resolves.toEqual({ principal: 'risk-engine', role: 'service' });
    const error = await failure(h.client({ token: 'not-a-real-token-0123456789' }).whoAmI());
    expect(error.details.grpcCode).toBe(status.UNAUTHENTICATED);
  });

  it('rejects a call without a token as UNAUTHENTICATED', async () => {
    const error = await failure(h.client({}).listCases({}));
    expect(error).toMatchObject({ code: 'CASE_SERVICE_REJECTED', retryable: false });
    expect(error.details.grpcCode).toBe(status.UNAUTHENTICATED);
    expect(error.details.grpcDetails).toMatch(/authorization/);
  });

  it('rejects an unknown token as UNAUTHENTICATED, on the stream too, without echoing it', async () => {
    const bogus = 'not-a-real-token-0123456789';
    const error = await failure(
      h.client({ token: bogus }).getCase({ caseId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(error.details.grpcCode).toBe(status.UNAUTHENTICATED);
    expect(error.details.grpcDetails).not.toContain(bogus);
    const stream = h.client({ token: bogus }).watchCases({});
    const streamError = await new Promise<CaseServiceError>((resolve) =>
      stream.on('error', resolve),
    );
    expect(streamError.details.grpcCode).toBe(status.UNAUTHENTICATED);
  });
});

describe('authorization', () => {
  it('lets only the service role raise cases', async () => {
    for (const caller of [ann, sue]) {
      const error = await failure(caller.raiseCase(decision({ accountId: account() })));
      expect(error.details.grpcCode).toBe(status.PERMISSION_DENIED);
      expect(error.details.grpcDetails).toMatch(/may not call RaiseCase/);
    }
  });

  it('keeps the service role out of agent actions', async () => {
    const { caseId } = await engine.raiseCase(decision({ accountId: account() }));
    const error = await failure(
      engine.resolveCase({ caseId, disposition: 'DISPOSITION_INCONCLUSIVE' }),
    );
    expect(error.details.grpcCode).toBe(status.PERMISSION_DENIED);
  });

  it("refuses an agent resolving another agent's case; a supervisor may", async () => {
    const caseId = await caseOwnedByAnn();
    const error = await failure(
      bob.resolveCase({ caseId, disposition: 'DISPOSITION_CONFIRMED_FRAUD' }),
    );
    expect(error.details.grpcCode).toBe(status.PERMISSION_DENIED);
    expect(error.details.grpcDetails).toMatch(/assigned to agent-ann/);
    const resolved = await sue.resolveCase({ caseId, disposition: 'DISPOSITION_INCONCLUSIVE' });
    expect(resolved.status).toBe('CASE_STATUS_RESOLVED');
    const audit = (await ann.getCase({ caseId })).audit.at(-1);
    expect(audit).toMatchObject({ action: 'resolved', actor: 'sup-sue', actorRole: 'supervisor' });
  });

  it("refuses an agent reassigning another agent's case; the owner and a supervisor may", async () => {
    const caseId = await caseOwnedByAnn();
    expect(
      (await failure(bob.assignCase({ caseId, assignee: 'agent-bob' }))).details.grpcCode,
    ).toBe(status.PERMISSION_DENIED);
    expect((await ann.assignCase({ caseId, assignee: 'agent-bob' })).assignee).toBe('agent-bob');
    expect((await sue.assignCase({ caseId, assignee: 'agent-ann' })).assignee).toBe('agent-ann');
    const { audit } = await ann.getCase({ caseId });
    expect(audit.filter((a) => a.action === 'assigned').map((a) => a.actor)).toEqual([
      'agent-ann',
      'agent-ann',
      'sup-sue',
    ]);
  });

  it('refuses to resolve a case twice', async () => {
    const caseId = await caseOwnedByAnn();
    await ann.resolveCase({ caseId, disposition: 'DISPOSITION_INCONCLUSIVE' });
    expect(
      (await failure(ann.resolveCase({ caseId, disposition: 'DISPOSITION_INCONCLUSIVE' }))).details
        .grpcCode,
    ).toBe(status.FAILED_PRECONDITION);
  });
});

describe('validation', () => {
  it('answers INVALID_ARGUMENT with one field violation per bad field', async () => {
    const error = await failure(
      engine.raiseCase({
        ...decision({ accountId: '' }),
        score: 140,
        outcome: 'DECISION_OUTCOME_UNSPECIFIED',
        decidedAt: 'yesterday',
      }),
    );
    expect(error.details.grpcCode).toBe(status.INVALID_ARGUMENT);
    expect(error.details.fieldViolations?.map((v) => v.field).sort()).toEqual([
      'accountId',
      'decidedAt',
      'outcome',
      'score',
    ]);
    expect(error.details.grpcDetails).toMatch(/accountId: is required/);
  });

  it('rejects a malformed case id, an unspecified disposition and a forged page token', async () => {
    expect((await failure(ann.getCase({ caseId: 'case-1; drop table' }))).details.grpcCode).toBe(
      status.INVALID_ARGUMENT,
    );
    const caseId = await caseOwnedByAnn();
    const noDisposition = await failure(ann.resolveCase({ caseId }));
    expect(noDisposition.details.grpcCode).toBe(status.INVALID_ARGUMENT);
    expect(noDisposition.details.grpcDetails).toMatch(
      /^disposition: must be one of DISPOSITION_CONFIRMED_FRAUD/,
    );
    const forged = await failure(ann.listCases({ pageToken: 'eyJvIjoibmV3ZXN0In0' }));
    expect(forged.details.grpcCode).toBe(status.INVALID_ARGUMENT);
    expect(forged.details.grpcDetails).toMatch(/pageToken/);
  });

  it('rejects a lock whose case is about another account', async () => {
    const caseId = await caseOwnedByAnn();
    const error = await failure(
      ann.lockAccount({ accountId: 'someone-else', reason: 'suspicious', caseId }),
    );
    expect(error.details.grpcCode).toBe(status.INVALID_ARGUMENT);
    expect(error.details.grpcDetails).toMatch(/caseId/);
  });
});
