import type { AlertView, AuditView, LockState } from './console-model.ts';

interface LockMark {
  at: string;
  state: 'locked' | 'unlocked';
  by: string;
}

/**
 * The account's lock state as far as this case knows it: a block decision locks the account
 * (the risk engine issues the command), an agent's lock/unlock and a false-positive resolution
 * (which unlocks) are in the audit trail. The latest of these wins; with none, it is unknown
 * (the owning service holds the truth; case-service does not keep it).
 */
export function lockState(alerts: readonly AlertView[], audit: readonly AuditView[]): LockState {
  const marks: LockMark[] = [];
  for (const alert of alerts)
    if (alert.outcome === 'block')
      marks.push({ at: alert.decidedAt, state: 'locked', by: 'risk-engine' });
  for (const event of audit) {
    const resolvedLegit =
      event.action === 'resolved' && event.after['disposition'] === 'false_positive';
    if (event.action === 'account_unlocked' || resolvedLegit)
      marks.push({ at: event.at, state: 'unlocked', by: event.actor });
    else if (event.action === 'account_locked')
      marks.push({ at: event.at, state: 'locked', by: event.actor });
  }
  const latest = marks.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  return latest ? { state: latest.state, since: latest.at, by: latest.by } : { state: 'unknown' };
}
