import { useMemo } from 'react';
import type { CaseDetail } from '../../api-client.ts';
import { AccountTimeline } from './account-timeline.tsx';
import { CustomerContact } from './customer-contact.tsx';
import { useAccountActivity } from './use-account-activity.ts';

/**
 * The case page's account timeline and customer contact, loaded beside the case (and again after
 * each action on it, `detail` being a new object then); a failed source shows in its section.
 */
export function AccountActivity({ detail }: { detail: CaseDetail }) {
  const activity = useAccountActivity(detail.summary.accountId, detail);
  const caseDecisions = useMemo(
    () => new Set(detail.alerts.map((alert) => alert.decisionId)),
    [detail.alerts],
  );
  return (
    <>
      <AccountTimeline ledger={activity?.ledger ?? null} caseDecisions={caseDecisions} />
      <CustomerContact notices={activity?.notices ?? null} ledger={activity?.ledger ?? null} />
    </>
  );
}
