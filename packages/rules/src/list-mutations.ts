import type { RiskFeedback } from '@vigil/events';
import { listKey } from './feature-keys.ts';
import type { ListEntity, ListName, ListScope } from './feature-spec.ts';

/** A change to a deny or allow list; `key` is the logical key the feature store reads for that entry. */
export interface ListMutation {
  op: 'add' | 'remove';
  list: ListName;
  entity: ListEntity;
  scope: ListScope;
  accountId: string;
  value: string;
  key: string;
  /** Entries expire: a deny-listed IP is reassigned eventually, a trusted device is replaced. */
  ttlMs?: number | undefined;
}

/** What the decision under feedback was about; the service knows it from the decision or its cache. */
export interface FeedbackSubject {
  deviceId?: string | undefined;
  ip?: string | undefined;
  cardFingerprint?: string | undefined;
}

export interface FeedbackPolicy {
  trustTtlMs: number;
  denyTtlMs: number;
}

/** Defaults: trust a confirmed device for 180 days; deny fraud-linked entities for 90 days. */
export const DEFAULT_FEEDBACK_POLICY: FeedbackPolicy = {
  trustTtlMs: 180 * 86_400_000,
  denyTtlMs: 90 * 86_400_000,
};

export function listMutation(
  op: ListMutation['op'],
  list: ListName,
  entity: ListEntity,
  scope: ListScope,
  accountId: string,
  value: string,
  ttlMs?: number,
): ListMutation {
  return {
    op,
    list,
    entity,
    scope,
    accountId,
    value,
    key: listKey(list, entity, scope, accountId, value),
    ttlMs: op === 'add' ? ttlMs : undefined,
  };
}

/**
 * Learning from feedback. Legit: the device becomes trusted for this account; an agent's
 * resolution (not the customer's own "it was me", which a fraudster holding the session could
 * give) also lifts deny entries on the subject. Fraud: device, card fingerprint and IP go on the
 * global deny lists and the device loses any trust it had on the account.
 */
export function feedbackToListMutations(
  feedback: RiskFeedback,
  subject: FeedbackSubject = {},
  policy: FeedbackPolicy = DEFAULT_FEEDBACK_POLICY,
): ListMutation[] {
  const { accountId } = feedback;
  const deviceId = feedback.deviceId ?? subject.deviceId;
  const entities: [ListEntity, string | undefined][] = [
    ['device', deviceId],
    ['card', subject.cardFingerprint],
    ['ip', subject.ip],
  ];
  const present = entities.filter((entry): entry is [ListEntity, string] => entry[1] !== undefined);
  if (feedback.verdict === 'legit') {
    const out: ListMutation[] = [];
    if (deviceId)
      out.push(
        listMutation('add', 'allow', 'device', 'account', accountId, deviceId, policy.trustTtlMs),
      );
    if (feedback.source === 'case_resolution') {
      for (const [entity, value] of present)
        out.push(listMutation('remove', 'deny', entity, 'global', accountId, value));
    }
    return out;
  }
  const out = present.map(([entity, value]) =>
    listMutation('add', 'deny', entity, 'global', accountId, value, policy.denyTtlMs),
  );
  if (deviceId) out.push(listMutation('remove', 'allow', 'device', 'account', accountId, deviceId));
  return out;
}
