import {
  firstSendDelayMs,
  incidentChangeForAnswer,
  MAX_LISTED_ACTIVITIES,
  planIncidentStep,
  type IncidentPolicy,
} from '../domain/incident-policy.ts';
import type { NotificationIntent, NotificationKind } from '../domain/notification.ts';
import type { CustomerAnswer, IntakeItem } from '../domain/plan-notification.ts';
import { rateLimitStatus, suppressionReason, type RateLimitPolicy } from '../domain/rate-limit.ts';
import type { AccountNotices, IntakeScope } from './ports.ts';

export interface NoticePolicies {
  incidents: IncidentPolicy;
  rateLimit: RateLimitPolicy;
}

export type IncidentEvent =
  'opened' | 'expired' | 'locked' | 'closed_restored' | 'closed_confirmed';

/** What recording one item did, for metrics and logs. */
export type RecordResult =
  | { outcome: 'duplicate'; kind: NotificationKind }
  | {
      outcome: 'created';
      kind: NotificationKind;
      noticeId: string;
      status: 'pending' | 'suppressed';
      /** The unsent verification request this lock notice replaced. */
      withdrew: string | undefined;
      incident: IncidentEvent[];
    }
  | {
      outcome: 'listed' | 'covered';
      kind: NotificationKind;
      noticeId: string;
      incident: IncidentEvent[];
    }
  | { outcome: 'superseded'; kind: NotificationKind; incident: IncidentEvent[] }
  | { outcome: 'answer'; incident: IncidentEvent[] };

async function recordAnswer(
  account: AccountNotices,
  answer: CustomerAnswer,
): Promise<RecordResult> {
  const incidentId = await account.openIncidentOf(answer.decisionId, 'verification_request');
  // Answered after the incident closed (or a replay of an answer already applied): nothing to change.
  if (incidentId === undefined) return { outcome: 'answer', incident: [] };
  // One answer to a gathered request arrives as one record per decision it covered: only the
  // record that changes the incident counts.
  if (incidentChangeForAnswer(answer.verdict) === 'close') {
    const { closed } = await account.updateIncident(incidentId, { close: 'customer_confirmed' });
    return { outcome: 'answer', incident: closed ? ['closed_confirmed'] : [] };
  }
  const { locked } = await account.updateIncident(incidentId, { lock: true });
  return { outcome: 'answer', incident: locked ? ['locked'] : [] };
}

/** Creates the cause's own notice, over the rate limit as a `suppressed` row (recorded, not sent). */
async function createNotice(
  account: AccountNotices,
  intent: NotificationIntent,
  incidentId: string | undefined,
  policies: NoticePolicies,
) {
  const accepted = await account.acceptedSince(policies.rateLimit.windowMs);
  const status = rateLimitStatus(intent.kind, accepted, policies.rateLimit);
  const noticeId = await account.createNotice({
    intent,
    incidentId,
    status,
    lastError: status === 'suppressed' ? suppressionReason(policies.rateLimit) : null,
    sendAfterMs: firstSendDelayMs(intent.kind, policies.incidents),
  });
  return { noticeId, status };
}

/**
 * Records one consumed item for its account (inside the intake's transaction): a replay changes
 * nothing; otherwise the incident policy says which incident the cause joins and whether it gets
 * a notice of its own, is listed in (or covered by) the incident's, or is superseded by its lock.
 */
export async function recordItem(
  account: AccountNotices,
  item: IntakeItem,
  policies: NoticePolicies,
): Promise<RecordResult> {
  if (item.type === 'answer') return recordAnswer(account, item.answer);
  const { intent } = item;
  const { kind } = intent;
  if (await account.causeRecorded(intent.decisionId, kind)) return { outcome: 'duplicate', kind };

  const causedAt = new Date(intent.decidedAt);
  const step = planIncidentStep(kind, causedAt, await account.openIncident(), policies.incidents);
  const incident: IncidentEvent[] = [];
  if (step.expire !== undefined) {
    await account.updateIncident(step.expire, { close: 'window' });
    incident.push('expired');
  }
  let incidentId: string | undefined;
  if (step.incident.action === 'open') {
    incidentId = await account.createIncident(causedAt);
    incident.push('opened');
  } else if (step.incident.action === 'join') incidentId = step.incident.id;
  if (incidentId !== undefined) {
    const close = step.close ? ('access_restored' as const) : undefined;
    const { closed } = await account.updateIncident(incidentId, {
      activityAt: causedAt,
      lock: step.lock,
      close,
    });
    if (closed) incident.push('closed_restored');
  }
  const cause = { causeId: intent.decisionId, kind, incidentId, causedAt };

  switch (step.notice.action) {
    case 'create': {
      const { noticeId, status } = await createNotice(account, intent, incidentId, policies);
      const withdrew =
        step.withdraw !== undefined &&
        (await account.withdrawNotice(step.withdraw, `superseded by lock notice ${noticeId}`))
          ? step.withdraw
          : undefined;
      await account.recordCause({ ...cause, notificationId: noticeId, outcome: 'created' });
      return { outcome: 'created', kind, noticeId, status, withdrew, incident };
    }
    case 'coalesce': {
      const { noticeId } = step.notice;
      const into = await account.addActivity(noticeId, intent.facts, MAX_LISTED_ACTIVITIES);
      const outcome = into === 'unsent' ? 'listed' : 'covered';
      await account.recordCause({ ...cause, notificationId: noticeId, outcome });
      return { outcome, kind, noticeId, incident };
    }
    case 'supersede':
      await account.recordCause({ ...cause, notificationId: undefined, outcome: 'superseded' });
      return { outcome: 'superseded', kind, incident };
  }
}

/** The account an item is about. */
export function itemAccount(item: IntakeItem): string {
  return item.type === 'notice' ? item.intent.accountId : item.answer.accountId;
}

/** What recording `items` will ask the store about (NoticeStore.withAccounts). */
export function intakeScope(items: readonly IntakeItem[], policies: NoticePolicies): IntakeScope {
  return {
    accountIds: items.map(itemAccount),
    causes: items.flatMap((item) =>
      item.type === 'notice' ? [{ causeId: item.intent.decisionId, kind: item.intent.kind }] : [],
    ),
    rateWindowMs: policies.rateLimit.windowMs,
  };
}
