import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentConsoleEnv, serviceEnv } from './service-env.ts';
import { stackKafkaNames } from './stack-kafka-names.ts';
import { planStack, SERVICE_NAMES, type StackOptions } from './stack-plan.ts';

const options: StackOptions = {
  kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
  topics: {
    transactions: 't.tx',
    logins: 't.logins',
    accountChanges: 't.changes',
    decisions: 't.decisions',
    accountCommands: 't.commands',
    feedback: 't.feedback',
  },
  redisUrl: 'redis://127.0.0.1:6379',
  redisKeyPrefix: 'run1:',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
  caseSchema: 'cases_run1',
  notifierSchema: 'notifier_run1',
  sinks: {
    smtp: { host: '127.0.0.1', port: 2525 },
    webhooks: { smsUrl: 'http://127.0.0.1:1/sms', pushUrl: 'http://127.0.0.1:1/push' },
  },
  runId: 'Run-1',
  env: { notifier: { RATE_LIMIT_MAX: '50' } },
};
const plan = planStack(options, [5001, 5002, 5003, 5004, 5005]);

describe('service env', () => {
  it('names in stackKafkaNames every consumer group the services join and the disputes topics case-service creates', () => {
    // Every setting that names a group (…GROUP_ID), so a new one cannot be missed here.
    const groupIds = SERVICE_NAMES.flatMap((service) =>
      Object.entries(serviceEnv(service, plan, {}))
        .filter(([name]) => name.endsWith('GROUP_ID'))
        .map(([, value]) => value),
    );
    const names = stackKafkaNames(options);
    expect(names.groups.sort()).toEqual(groupIds.sort());
    expect(new Set(names.groups).size).toBe(5);
    const disputes = serviceEnv('case-service', plan, {}).DISPUTES_TOPIC!;
    expect(names.topics).toEqual([disputes, `${disputes}.dlq`]);
    // A disputes topic the caller named is the caller's to delete.
    expect(
      stackKafkaNames({ ...options, topics: { ...options.topics, disputes: 'd' } }).topics,
    ).toEqual([]);
  });

  it('points every service at the same topics, with the case-service address and a service token each', () => {
    const cases = serviceEnv('case-service', plan, {});
    const risk = serviceEnv('risk-engine', plan, {});
    const notifier = serviceEnv('notifier', plan, {});
    expect(risk.TOPIC_DECISIONS).toBe('t.decisions');
    expect(notifier.DECISIONS_TOPIC).toBe('t.decisions');
    expect(cases.DECISIONS_TOPIC).toBe('t.decisions');
    // No disputes topic given: one of the run's own, never the shared v1 name.
    expect(cases.DISPUTES_TOPIC).toBe('vigil-Run-1.payments.disputes.v1');
    expect(cases.LABELS_GROUP_ID).toBe('case-service-labels-Run-1');
    expect([cases.FEEDBACK_TOPIC, risk.TOPIC_FEEDBACK, notifier.FEEDBACK_TOPIC]).toEqual([
      't.feedback',
      't.feedback',
      't.feedback',
    ]);
    expect([
      cases.ACCOUNT_COMMANDS_TOPIC,
      risk.TOPIC_ACCOUNT_COMMANDS,
      notifier.ACCOUNT_COMMANDS_TOPIC,
    ]).toEqual(['t.commands', 't.commands', 't.commands']);
    // Each creates what it uses; whichever starts first, the partition counts agree.
    for (const env of [cases, risk, notifier]) {
      expect(env.CREATE_TOPICS).toBe('true');
      expect(env.TOPIC_PARTITIONS).toBe(risk.TOPIC_PARTITIONS);
    }
    expect(risk.CASE_SERVICE_ADDR).toBe('127.0.0.1:5001');
    expect(notifier.CASE_SERVICE_ADDR).toBe('127.0.0.1:5001');
    // The verification pages carry a brand, and its logo file ships with the devstack.
    expect(notifier.BRAND_NAME).toBe('Vigil Pay');
    expect(readFileSync(notifier.BRAND_LOGO_FILE!, 'utf8')).toMatch(/^<svg /);
    expect(risk.KAFKA_BROKERS).toBe('127.0.0.1:9092,127.0.0.1:9093');

    const callers = JSON.parse(cases.CASE_AUTH_TOKENS!) as {
      token: string;
      role: string;
      principal: string;
    }[];
    const roleOf = (token: string | undefined) => callers.find((c) => c.token === token)?.role;
    expect(roleOf(risk.CASE_SERVICE_TOKEN)).toBe('service');
    expect(roleOf(notifier.CASE_SERVICE_TOKEN)).toBe('service');
    expect(risk.CASE_SERVICE_TOKEN).not.toBe(notifier.CASE_SERVICE_TOKEN);
    expect(callers.map((c) => c.role).sort()).toEqual([
      'agent',
      'service',
      'service',
      'supervisor',
    ]);
  });

  it('gives each service its own ports, schema and run-scoped ids', () => {
    const cases = serviceEnv('case-service', plan, {});
    const risk = serviceEnv('risk-engine', plan, {});
    const notifier = serviceEnv('notifier', plan, {});
    expect(
      new Set([
        cases.GRPC_PORT,
        cases.OPS_PORT,
        risk.OPS_PORT,
        notifier.OPS_PORT,
        notifier.HTTP_PORT,
      ]).size,
    ).toBe(5);
    expect(notifier.PUBLIC_VERIFY_URL).toBe(`http://127.0.0.1:${notifier.HTTP_PORT}/verify`);
    expect(cases.DATABASE_URL).toBe(options.databaseUrl);
    expect(cases.DATABASE_SCHEMA).toBe('cases_run1');
    expect(notifier.DATABASE_SCHEMA).toBe('notifier_run1');
    expect(cases.CASE_CHANGES_CHANNEL).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    expect(risk.GROUP_ID).toContain('Run-1');
    expect(risk.FEEDBACK_GROUP_ID).not.toBe(risk.GROUP_ID);
    expect(risk.CASE_RAISER_GROUP_ID).toContain('Run-1');
    expect(new Set([risk.GROUP_ID, risk.FEEDBACK_GROUP_ID, risk.CASE_RAISER_GROUP_ID]).size).toBe(
      3,
    );
    expect(notifier.KAFKA_GROUP_ID).toContain('Run-1');
    expect(risk.REDIS_KEY_PREFIX).toBe('run1:');
    expect(notifier.VERIFICATION_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(notifier.SMTP_PORT).toBe('2525');
  });

  it('passes only harmless variables from the parent and applies per-service overrides last', () => {
    const parent = { PATH: '/bin', SMTP_USER: 'leak', DATABASE_URL: 'postgres://elsewhere/x' };
    const notifier = serviceEnv('notifier', plan, parent);
    expect(notifier.PATH).toBe('/bin');
    expect(notifier.SMTP_USER).toBeUndefined();
    expect(notifier.DATABASE_URL).toBe(options.databaseUrl);
    expect(notifier.RATE_LIMIT_MAX).toBe('50');
    expect(serviceEnv('risk-engine', plan, parent).RATE_LIMIT_MAX).toBeUndefined();
  });

  it("points the agent console at case-service, with none of the stack's secrets", () => {
    const env = agentConsoleEnv(plan, { http: 6001, ops: 6002 }, { PATH: '/bin', SMTP_USER: 'x' });
    expect(env).toMatchObject({
      CASE_SERVICE_ADDR: `127.0.0.1:${plan.ports.caseGrpc}`,
      HTTP_PORT: '6001',
      OPS_PORT: '6002',
      COOKIE_SECURE: 'false',
      PATH: '/bin',
    });
    // It reads the customer's notices from the notifier with the token the notifier accepts.
    expect(env.NOTIFIER_URL).toBe(`http://127.0.0.1:${plan.ports.notifierHttp}`);
    expect(env.NOTIFIER_READ_TOKEN).toBe(serviceEnv('notifier', plan, {}).NOTIFIER_READ_TOKEN);
    expect(env.NOTIFIER_READ_TOKEN!.length).toBeGreaterThanOrEqual(16);
    // Agents sign in with their own tokens: the console holds no caller's token, nor the database.
    const values = Object.values(env).join(' ');
    for (const caller of Object.values(plan.callers)) expect(values).not.toContain(caller.token);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SMTP_USER).toBeUndefined();
  });
});
