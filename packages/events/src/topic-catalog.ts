import type { z } from 'zod';
import {
  accountChangeEvent,
  disputeEvent,
  loginEvent,
  transactionEvent,
} from './inbound-events.ts';
import { accountCommand, riskDecision, riskFeedback } from './outbound-events.ts';

/** Topic names are part of the wire contract (shared/DESIGN.md); every topic is keyed by accountId. */
export const TOPICS = {
  transactions: 'payments.transactions.v1',
  logins: 'identity.logins.v1',
  accountChanges: 'identity.account-changes.v1',
  decisions: 'risk.decisions.v1',
  accountCommands: 'accounts.commands.v1',
  feedback: 'risk.feedback.v1',
  disputes: 'payments.disputes.v1',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const topicCatalog = {
  [TOPICS.transactions]: transactionEvent,
  [TOPICS.logins]: loginEvent,
  [TOPICS.accountChanges]: accountChangeEvent,
  [TOPICS.decisions]: riskDecision,
  [TOPICS.accountCommands]: accountCommand,
  [TOPICS.feedback]: riskFeedback,
  [TOPICS.disputes]: disputeEvent,
} as const satisfies Record<TopicName, z.ZodType>;

export type TopicEvent<T extends TopicName> = z.infer<(typeof topicCatalog)[T]>;

/** Records that can never be processed go here with their original bytes. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}
