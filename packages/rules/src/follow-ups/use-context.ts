import { z } from 'zod';
import { decisionContext, type DecisionContext } from '@vigil/events';
import type { EntityUseRecord } from './event-memory.ts';

// A retro-hunt follow-up asks the customer about an activity that may be days old: it carries
// the activity's context (amount, merchant, place, device), remembered with each entity use.
// Uses are kept for the longest retro-hunt lookback (days), so the context is a positional
// array with free text cut, not the decision's JSON object: ~35 bytes a use instead of ~130.

/** Characters of the merchant name and city a use keeps (the notice shows them as they are). */
export const MAX_USE_TEXT = 64;

// Place and device first: a sign-in's context is then just those (trailing slots left out).
const words = z.string().nullable().default(null);
const positional = z.tuple([
  words,
  words,
  words,
  z.number().nullable().default(null),
  words,
  words,
]);

/** The context as a use remembers it; '' when there is nothing to tell. */
export function encodeUseContext(context: DecisionContext): string {
  const cut = (free: string | undefined) =>
    free === undefined ? null : free.slice(0, MAX_USE_TEXT);
  const slots = [
    context.geo?.country ?? null,
    cut(context.geo?.city),
    cut(context.device?.platform),
    context.amount?.minor ?? null,
    context.amount?.currency ?? null,
    cut(context.merchantName),
  ];
  while (slots.length > 0 && slots.at(-1) === null) slots.pop();
  return slots.length === 0 ? '' : JSON.stringify(slots);
}

/**
 * The context a use remembered, or undefined (none kept, a use recorded before contexts were,
 * or text that does not parse: the follow-up then says less, it is not dropped).
 */
export function decodeUseContext(text: string | undefined): DecisionContext | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const slots = positional.safeParse(raw);
  if (!slots.success) return undefined;
  const [country, city, platform, minor, currency, merchantName] = slots.data;
  const context: Record<string, unknown> = {};
  if (minor !== null && currency !== null) context.amount = { minor, currency };
  if (merchantName !== null) context.merchantName = merchantName;
  if (country !== null) context.geo = city === null ? { country } : { country, city };
  if (platform !== null) context.device = { platform };
  const checked = decisionContext.safeParse(context);
  return checked.success && Object.keys(checked.data).length > 0 ? checked.data : undefined;
}

/**
 * A sweep's record of an account's use, with its remembered context (`text`) when one decodes:
 * how every event memory hands a use back, so a record without context has no `context` key.
 */
export function useRecordWith(
  use: Omit<EntityUseRecord, 'context'>,
  text: string | undefined,
): EntityUseRecord {
  const context = decodeUseContext(text);
  return context ? { ...use, context } : use;
}
