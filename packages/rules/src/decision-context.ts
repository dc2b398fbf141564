import type { DecisionContext, ScoredEvent } from '@vigil/events';

/**
 * What the customer needs to recognise the activity a decision is about (amount, merchant,
 * place, device platform); the notifier renders it in "was this you?" requests and notices.
 */
export function contextOf(scored: ScoredEvent): DecisionContext {
  const { event } = scored;
  const context: DecisionContext = {};
  if (scored.kind === 'transaction') {
    context.amount = scored.event.amount;
    if (scored.event.merchant?.name) context.merchantName = scored.event.merchant.name;
  }
  if (event.geo)
    context.geo = event.geo.city
      ? { country: event.geo.country, city: event.geo.city }
      : { country: event.geo.country };
  if (event.device?.platform) context.device = { platform: event.device.platform };
  return context;
}
