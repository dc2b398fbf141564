import { z } from 'zod';
import { CHANNELS } from '@vigil/events';
import { transactionOf } from '../event-view.ts';
import { defineRule } from '../rule.ts';

const params = z.object({
  mccs: z.array(z.string().regex(/^\d{4}$/)).min(1),
  /**
   * Only these channels (absent: all). Visa's high-brand-risk program is about card-absent
   * sales: a pharmacy (5912) is high risk online, not at the counter.
   */
  channels: z.array(z.enum(CHANNELS)).min(1).optional(),
});

/** Merchant category on Visa's high-brand-risk list. */
export const highRiskMccRule = defineRule({
  type: 'high-risk-mcc',
  description: 'merchant category code on the high-risk list',
  params,
  compile: (p) => {
    const mccs = new Set(p.mccs);
    const channels = p.channels ? new Set<string>(p.channels) : undefined;
    return {
      features: () => ({}),
      evaluate: (scored) => {
        const tx = transactionOf(scored);
        const mcc = tx?.merchant?.mcc;
        if (!tx || !mcc || !mccs.has(mcc)) return null;
        if (channels && !channels.has(tx.channel)) return null;
        return { message: `merchant category ${mcc} is high risk (${tx.channel})`, observed: mcc };
      },
    };
  },
});
