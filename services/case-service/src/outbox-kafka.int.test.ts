import type { Consumer } from 'kafkajs';
import { pino } from 'pino';
import {
  accountCommand,
  riskFeedback,
  type AccountCommand,
  type RiskFeedback,
} from '@vigil/events';
import { createEventProducer, createKafkaClient, type EventProducer } from '@vigil/kafka';
import { createMetricsRegistry } from '@vigil/observability';
import { createKafkaFixture, waitFor, type KafkaFixture } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaOutboxPublisher } from './adapters/kafka-outbox-publisher.ts';
import type { CasesClient } from '@vigil/protos';
import { decision, startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';

const FEEDBACK = 'risk.feedback.v1';
const COMMANDS = 'accounts.commands.v1';

let kafka: KafkaFixture;
let producer: EventProducer;
let consumer: Consumer;
let h: CaseHarness;
let engine: CasesClient;
let ann: CasesClient;
const received: { topic: string; key: string; value: unknown; messageId: string }[] = [];

beforeAll(async () => {
  kafka = await createKafkaFixture([FEEDBACK, COMMANDS], { partitions: 2 });
  const logger = pino({ level: 'silent' });
  producer = createEventProducer({
    kafka: createKafkaClient({ clientId: 'case-service-test', brokers: kafka.brokers, logger }),
    registry: createMetricsRegistry('case-outbox-test'),
    logger,
  });
  await producer.connect();
  h = await startCaseHarness({
    publisher: createKafkaOutboxPublisher(producer, {
      feedback: kafka.topics[FEEDBACK]!,
      accountCommands: kafka.topics[COMMANDS]!,
    }),
  });
  h.app.relay.start();
  engine = h.client('risk-engine');
  ann = h.client('agent-ann');
  consumer = kafka.kafka.consumer({ groupId: kafka.groupId });
  await consumer.connect();
  await consumer.subscribe({
    topics: [kafka.topics[FEEDBACK]!, kafka.topics[COMMANDS]!],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: ({ topic, message }) => {
      received.push({
        topic: topic === kafka.topics[FEEDBACK] ? FEEDBACK : COMMANDS,
        key: message.key?.toString() ?? '',
        value: JSON.parse(message.value?.toString() ?? 'null'),
        messageId: message.headers?.['vigil-message-id']?.toString() ?? '',
      });
      return Promise.resolve();
    },
  });
});
afterAll(async () => {
  await consumer?.disconnect();
  await h?.close();
  await producer?.disconnect();
  await kafka?.cleanup();
});

const recordsFor = (accountId: string) => received.filter((r) => r.key === accountId);
const account = () => `acct-${Math.random().toString(36).slice(2, 10)}`;

describe('resolution → outbox → Kafka', () => {
  it('publishes legit feedback and an unlock for a false positive, about the latest alert', async () => {
    const accountId = account();
    await engine.raiseCase(decision({ accountId }));
    const latest = decision({ accountId, outcome: 'DECISION_OUTCOME_BLOCK', score: 92 });
    const { caseId } = await engine.raiseCase(latest);
    await ann.resolveCase({
      caseId,
      disposition: 'DISPOSITION_FALSE_POSITIVE',
      comment: 'customer confirmed travel',
    });

    const records = await waitFor(
      () => (recordsFor(accountId).length >= 2 ? recordsFor(accountId) : undefined),
      {
        timeoutMs: 20_000,
        what: 'feedback and unlock records',
      },
    );
    const feedback = riskFeedback.parse(
      records.find((r) => r.topic === FEEDBACK)?.value,
    ) satisfies RiskFeedback;
    expect(feedback).toMatchObject({
      feedbackId: `case-resolution:${caseId}`,
      accountId,
      source: 'case_resolution',
      verdict: 'legit',
      decisionId: latest.decisionId,
      deviceId: latest.subject?.deviceId,
    });
    const unlock = accountCommand.parse(
      records.find((r) => r.topic === COMMANDS)?.value,
    ) satisfies AccountCommand;
    expect(unlock).toMatchObject({
      commandId: `case-unlock:${caseId}`,
      accountId,
      action: 'unlock',
      caseId,
      decisionId: latest.decisionId,
      issuedBy: 'agent-ann',
    });
    expect(records.map((r) => r.messageId).sort()).toEqual([
      `case-resolution:${caseId}`,
      `case-unlock:${caseId}`,
    ]);

    const { rows } = await h.pg.pool.query<{ pending: string }>(
      `SELECT count(*) FILTER (WHERE sent_at IS NULL) AS pending FROM outbox WHERE message_id LIKE $1`,
      [`%${caseId}`],
    );
    expect(rows[0]?.pending).toBe('0');
  });

  it('publishes fraud feedback and no unlock for confirmed fraud', async () => {
    const accountId = account();
    const raised = decision({ accountId, outcome: 'DECISION_OUTCOME_BLOCK', score: 99 });
    const { caseId } = await engine.raiseCase(raised);
    await ann.resolveCase({ caseId, disposition: 'DISPOSITION_CONFIRMED_FRAUD' });
    const [record] = await waitFor(
      () => (recordsFor(accountId).length > 0 ? recordsFor(accountId) : undefined),
      {
        timeoutMs: 20_000,
        what: 'fraud feedback',
      },
    );
    expect(record).toMatchObject({
      topic: FEEDBACK,
      value: { verdict: 'fraud', decisionId: raised.decisionId },
    });
    // Give a wrongly emitted unlock time to show up before asserting it did not.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(recordsFor(accountId).filter((r) => r.topic === COMMANDS)).toEqual([]);
  });

  it('publishes lock and unlock commands from agents, once each, and audits them', async () => {
    const accountId = account();
    const { caseId } = await engine.raiseCase(decision({ accountId }));
    const lock = await ann.lockAccount({ accountId, reason: 'card testing pattern', caseId });
    const unlock = await ann.unlockAccount({ accountId, reason: 'customer verified in branch' });
    const records = await waitFor(
      () => (recordsFor(accountId).length >= 2 ? recordsFor(accountId) : undefined),
      {
        timeoutMs: 20_000,
        what: 'lock and unlock commands',
      },
    );
    expect(records.map((r) => (r.value as AccountCommand).action)).toEqual(['lock', 'unlock']);
    expect(records.map((r) => r.messageId)).toEqual([lock.commandId, unlock.commandId]);
    expect(records[0]?.value).toMatchObject({
      caseId,
      reason: 'card testing pattern',
      issuedBy: 'agent-ann',
    });

    // A relay pass after delivery sends nothing again: rows are marked sent only after the ack.
    await h.app.relay.relayOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recordsFor(accountId)).toHaveLength(2);

    const { rows } = await h.pg.pool.query<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_events WHERE account_id = $1 ORDER BY at`,
      [accountId],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'case_opened',
      'account_locked',
      'account_unlocked',
    ]);
  });
});
