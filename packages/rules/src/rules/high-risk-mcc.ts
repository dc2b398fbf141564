import { z } from 'zod';
import { transactionOf } from '../event-view.ts';
import { defineRule } from '../rule.ts';

const params = z.object({ mccs: z.array(z.string().regex(/^\d{4}$/)).min(1) });

/** Merchant category on Visa's high-brand-risk list. */
export const highRiskMccRule = defineRule({
  type: 'high-risk-mcc',
  description: 'merchant category code on the high-risk list',
  params,
  compile: (p) => {
    const mccs = new Set(p.mccs);
    return {
      features: () => ({}),
      evaluate: (scored) => {
        const mcc = transactionOf(scored)?.merchant?.mcc;
        if (!mcc || !mccs.has(mcc)) return null;
        return { message: `merchant category ${mcc} is high risk`, observed: mcc };
      },
    };
  },
});
