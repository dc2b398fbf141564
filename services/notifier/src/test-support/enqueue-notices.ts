import type { NoticeStore } from '../app/ports.ts';
import {
  intakeScope,
  itemAccount,
  recordItem,
  type NoticePolicies,
} from '../app/record-notices.ts';
import type { NotificationIntent, NotificationKind } from '../domain/notification.ts';
import type { IntakeItem } from '../domain/plan-notification.ts';

/** No gathering delay, a 1 ms incident window and a generous rate limit: one notice per intent. */
export const PLAIN_POLICIES: NoticePolicies = {
  incidents: { windowMs: 1, gatherMs: 0 },
  rateLimit: { maxPerWindow: 100, windowMs: 3_600_000, exemptKinds: [] },
};

/** Records intents as the intake would, for tests that need notices without consuming records. */
export async function enqueue(
  store: NoticeStore,
  intents: readonly NotificationIntent[],
  policies: NoticePolicies = PLAIN_POLICIES,
): Promise<{ created: { id: string; kind: NotificationKind; status: string }[] }> {
  const items: IntakeItem[] = intents.map((intent) => ({ type: 'notice', intent }));
  const results = await store.withAccounts(intakeScope(items, policies), async (account) => {
    const done = [];
    for (const item of items)
      done.push(await recordItem(account(itemAccount(item)), item, policies));
    return done;
  });
  return {
    created: results.flatMap((result) =>
      result.outcome === 'created'
        ? [{ id: result.noticeId, kind: result.kind, status: result.status }]
        : [],
    ),
  };
}
