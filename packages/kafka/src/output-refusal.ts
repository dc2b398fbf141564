import { inCauses } from './kafka-error-causes.ts';

/**
 * The broker refused a transaction's outputs because of the output topic itself (its
 * max.message.bytes, a policy, an ACL), not because it is unreachable: nothing the consumer can
 * change fixes it, an operator can (e.g. raise max.message.bytes with alterConfigs). The unit
 * waits and is retried, so processing resumes by itself once the topic is fixed: its records
 * are not dead-lettered, a refused output is the topic's fault, not the input record's.
 */
const REFUSED_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'POLICY_VIOLATION',
  'TOPIC_AUTHORIZATION_FAILED',
]);
const REFUSED_CODES = new Set([10, 18, 87, 44, 29]);

export const isOutputRefused = (error: unknown) =>
  inCauses(
    error,
    ({ type, code }) => REFUSED_TYPES.has(type ?? '') || REFUSED_CODES.has(code ?? -1),
  );

/**
 * The transaction coordinator still refuses the transactional id with CONCURRENT_TRANSACTIONS
 * after every retry: the previous transaction's markers were never written. Kafka's coordinator
 * treats a marker write refused with MESSAGE_TOO_LARGE / RECORD_LIST_TOO_LARGE as fatal and
 * leaves the id in PrepareAbort until the coordinator is reloaded (broker restart or leadership
 * move of its __transaction_state partition), whatever the topic's config is afterwards: that is
 * what a max.message.bytes below a control batch (~80 bytes) does to every id that wrote to it.
 */
export const isCoordinatorBusy = (error: unknown) =>
  inCauses(error, ({ type, code }) => type === 'CONCURRENT_TRANSACTIONS' || code === 51);
