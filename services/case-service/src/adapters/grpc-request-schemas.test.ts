import { describe, expect, it } from 'vitest';
import {
  getAccountActivityRequest,
  listCasesRequest,
  parseRequest,
  raiseCaseRequest,
} from './grpc-request-schemas.ts';

const valid = {
  decisionId: 'dec-1',
  eventId: 'evt-1',
  eventType: 'login',
  accountId: 'acct-1',
  score: 88,
  outcome: 'DECISION_OUTCOME_BLOCK',
  reasons: [
    {
      rule: 'bruteforce',
      score: 60,
      message: '10 failures',
      observed: '10',
      _observed: 'observed',
    },
  ],
  occurredAt: '2026-11-24T07:00:00Z',
  decidedAt: '2026-11-24T07:00:01Z',
  subject: null,
};

describe('raiseCaseRequest', () => {
  it('maps wire enums to domain values and a missing subject to {}', () => {
    const command = parseRequest(raiseCaseRequest, valid);
    expect(command.outcome).toBe('block');
    expect(command.subject).toEqual({});
    expect(command.reasons[0]).toEqual({
      rule: 'bruteforce',
      score: 60,
      message: '10 failures',
      observed: '10',
    });
  });

  it('reports each bad field as a violation', () => {
    let caught: unknown;
    try {
      parseRequest(raiseCaseRequest, {
        ...valid,
        decisionId: '  ',
        eventType: 'payment',
        occurredAt: '2026-11-24T09:00:00+02:00',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const fields = (
      caught as { details: { fieldViolations: { field: string }[] } }
    ).details.fieldViolations.map((v) => v.field);
    expect(fields.sort()).toEqual(['decisionId', 'eventType', 'occurredAt']);
  });
});

describe('listCasesRequest', () => {
  it('defaults the page size and order and caps the page size', () => {
    const base = {
      statuses: [],
      severities: [],
      order: 'LIST_ORDER_UNSPECIFIED',
      pageSize: 0,
      pageToken: '',
    };
    expect(parseRequest(listCasesRequest, base)).toMatchObject({ pageSize: 50, order: 'newest' });
    expect(() => parseRequest(listCasesRequest, { ...base, pageSize: 201 })).toThrow(
      /pageSize: must be at most 200/,
    );
    expect(
      parseRequest(listCasesRequest, {
        ...base,
        statuses: ['CASE_STATUS_OPEN'],
        severities: ['SEVERITY_CRITICAL'],
      }),
    ).toMatchObject({
      statuses: ['open'],
      severities: ['critical'],
    });
  });
});

describe('getAccountActivityRequest', () => {
  it('defaults an unset limit (0 on the wire) to 50 and refuses more, or no account', () => {
    expect(parseRequest(getAccountActivityRequest, { accountId: 'acct-1', limit: 0 })).toEqual({
      accountId: 'acct-1',
      limit: 50,
    });
    expect(parseRequest(getAccountActivityRequest, { accountId: 'acct-1', limit: 7 }).limit).toBe(
      7,
    );
    expect(() =>
      parseRequest(getAccountActivityRequest, { accountId: 'acct-1', limit: 51 }),
    ).toThrow(/limit: must be at most 50/);
    expect(() => parseRequest(getAccountActivityRequest, { accountId: '', limit: 0 })).toThrow(
      /accountId: is required/,
    );
  });
});
