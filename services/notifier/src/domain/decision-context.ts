import { z } from 'zod';
import { money, riskDecision } from '@vigil/events';

/**
 * risk.decisions.v1 carries what was decided, not the event's amount or place. The notifier reads
 * an optional `context` block (an additive field the risk engine may fill from the scored event:
 * amount, merchant, city/country, device platform) to tell the customer "what and where". A
 * malformed context never dead-letters a decision: it is dropped and the notice says less.
 */
export const decisionContext = z.object({
  amount: money.optional(),
  merchantName: z.string().max(256).optional(),
  geo: z.object({ country: z.string().max(8), city: z.string().max(128).optional() }).optional(),
  device: z.object({ platform: z.string().max(64).optional() }).optional(),
});
export type DecisionContext = z.infer<typeof decisionContext>;

export const notifierDecision = riskDecision.extend({
  context: decisionContext.optional().catch(undefined),
});
export type NotifierDecision = z.infer<typeof notifierDecision>;
