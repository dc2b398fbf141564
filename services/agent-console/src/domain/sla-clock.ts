import type { SlaClock } from './console-model.ts';

/**
 * An unresolved case is due `targetSeconds` after it opened; past that it is breached. A
 * resolved case has no clock (its SLA figures are history, shown as time to resolution).
 */
export function slaClock(
  createdAt: string,
  resolvedAt: string | null,
  targetSeconds: number,
  nowMs: number,
): SlaClock | null {
  if (resolvedAt !== null) return null;
  const dueMs = Date.parse(createdAt) + targetSeconds * 1000;
  return { dueAt: new Date(dueMs).toISOString(), breached: nowMs >= dueMs };
}

/** Cases opened before this instant are breached now (ListCases' created_before bound). */
export function breachedBefore(targetSeconds: number, nowMs: number): string {
  return new Date(nowMs - targetSeconds * 1000).toISOString();
}
