import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import {
  freePorts,
  serviceEnv,
  topicList,
  type Caller,
  type SinkAddresses,
  type Role,
  type ServiceName,
  type StackPlan,
} from '@vigil/devstack';
import { deleteRedisKeysWithPrefix, infraUrls, uniqueName } from '@vigil/testing';

/** For runs without a notifier: the plan needs addresses, nothing is ever sent to them. */
export const NO_SINKS: SinkAddresses = {
  smtp: { host: '127.0.0.1', port: 9 },
  webhooks: { smsUrl: 'http://127.0.0.1:9/sms', pushUrl: 'http://127.0.0.1:9/push' },
};

const caller = (principal: string, role: Role): Caller => ({
  token: randomBytes(24).toString('hex'),
  principal,
  role,
});

/**
 * The devstack's service environments (the demo's and the e2e tests'), on topics, schemas, a
 * Redis prefix and ports of this run's own, so the built services start exactly as the source
 * ones do there.
 */
export async function builtStackPlan(
  sinks: SinkAddresses,
  shutdownGraceMs: number,
): Promise<StackPlan> {
  const [caseGrpc, caseOps, riskOps, notifierHttp, notifierOps] = await freePorts(5);
  const runId = uniqueName('built');
  const topic = (name: string) => `${runId}.${name}`;
  const urls = infraUrls();
  return {
    options: {
      kafkaBrokers: urls.kafkaBrokers,
      redisUrl: urls.redisUrl,
      redisKeyPrefix: `${runId}:`,
      databaseUrl: urls.databaseUrl,
      caseSchema: `${runId}_cases`,
      notifierSchema: `${runId}_notifier`,
      topics: {
        transactions: topic('transactions'),
        logins: topic('logins'),
        accountChanges: topic('account-changes'),
        decisions: topic('decisions'),
        accountCommands: topic('account-commands'),
        feedback: topic('feedback'),
      },
      sinks: {
        smtp: { host: sinks.smtp.host, port: sinks.smtp.port },
        webhooks: { smsUrl: sinks.webhooks.smsUrl, pushUrl: sinks.webhooks.pushUrl },
      },
      runId,
      logLevel: 'info',
      topicPartitions: 1,
      shutdownGraceMs,
    },
    ports: {
      caseGrpc: caseGrpc!,
      caseOps: caseOps!,
      riskOps: riskOps!,
      notifierHttp: notifierHttp!,
      notifierOps: notifierOps!,
    },
    callers: {
      riskEngine: caller('risk-engine', 'service'),
      notifier: caller('notifier', 'service'),
      agent: caller('agent-built', 'agent'),
      supervisor: caller('supervisor-built', 'supervisor'),
    },
    verificationSecret: randomBytes(32).toString('hex'),
    noticesReadToken: randomBytes(24).toString('hex'),
    shutdownGraceMs,
  };
}

export function opsUrl(plan: StackPlan, name: ServiceName): string {
  const port = {
    'case-service': plan.ports.caseOps,
    'risk-engine': plan.ports.riskOps,
    notifier: plan.ports.notifierOps,
  }[name];
  return `http://127.0.0.1:${String(port)}`;
}

export { serviceEnv };

/**
 * Deletes the run's feature state on the shared Redis: an engine's keys live as long as its
 * longest window (~60 days), so a run that leaves them adds thousands of keys per CI run.
 */
export async function deleteRunKeys(plan: StackPlan): Promise<void> {
  await deleteRedisKeysWithPrefix(plan.options.redisUrl, plan.options.redisKeyPrefix);
}

/** Deletes a run's topics and their .dlq twins (those that exist). */
export async function deleteRunTopics(kafka: Kafka, plan: StackPlan): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = topicList(plan.options.topics);
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({
      topics: [...topics, ...topics.map((t) => `${t}.dlq`)].filter((t) => existing.has(t)),
    });
  } finally {
    await admin.disconnect();
  }
}
