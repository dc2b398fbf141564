import { Counter, Gauge, type Registry } from 'prom-client';
import type { LabelCounters } from './app/ingest-labels.ts';
import type { QualitySink } from './app/rule-quality-report.ts';

/**
 * Label intake counters and per-rule quality gauges. Cardinality is bounded: rule × mode ×
 * window (rules capped by LABEL_QUALITY_MAX_RULES, two modes, windows 7d and 30d); disputes,
 * payments and chargeback rates by BIN only for the top LABEL_METRIC_TOP_BINS BINs (plus `other`,
 * and `unknown` for disputes), never by merchant.
 */
export interface LabelMetrics {
  counters: LabelCounters;
  sink: QualitySink;
  refreshFailures: Counter;
}

export function createLabelMetrics(registry: Registry): LabelMetrics {
  const registers = [registry];
  const ruleLabels = ['rule', 'mode', 'window'] as const;
  // `name: '…'` spelled out: the deploy-assets test finds registered metrics by it.
  const gauge = (g: { name: string; help: string; extra?: readonly string[] }) =>
    new Gauge({
      name: g.name,
      help: g.help,
      labelNames: [...ruleLabels, ...(g.extra ?? [])],
      registers,
    });
  const binGauge = (g: { name: string; help: string }) =>
    new Gauge({ ...g, labelNames: ['bin', 'window'], registers });
  const hits = gauge({
    name: 'vigil_cases_rule_hits',
    help: 'Decisions a rule fired on (mode shadow: would have fired on) in the rolling window.',
  });
  const labelled = gauge({
    name: 'vigil_cases_rule_labelled',
    help: "A rule's hits in the window that carry a label, by verdict (fraud, legit).",
    extra: ['verdict'],
  });
  const precision = gauge({
    name: 'vigil_cases_rule_precision',
    help: 'Labelled fraud / labelled hits of a rule in the window (absent until a hit is labelled).',
  });
  const flaggedShare = gauge({
    name: 'vigil_cases_rule_flagged_share',
    help: 'Hits / all decisions in the window: the share of traffic a rule flags.',
  });
  const friction = gauge({
    name: 'vigil_cases_rule_friction',
    help: 'Challenges among a rule\'s hits in the window that the customer answered "it was me".',
  });
  const decisions = new Gauge({
    name: 'vigil_cases_decisions_in_window',
    help: 'Every decision in the rolling window (the flagged share denominator).',
    labelNames: ['window'],
    registers,
  });
  const byBin = binGauge({
    name: 'vigil_cases_fraud_disputes_by_bin',
    help: 'Fraud disputes in the rolling window per card BIN: the top BINs, then other and unknown.',
  });
  const paymentsByBin = binGauge({
    name: 'vigil_cases_payments_by_bin',
    help: 'Approved payments (transaction decisions, declined ones left out) in the rolling window per card BIN: the chargeback rate denominator, for the same BINs as vigil_cases_chargeback_rate_by_bin.',
  });
  const rateByBin = binGauge({
    name: 'vigil_cases_chargeback_rate_by_bin',
    help: 'Fraud disputes on payments of the rolling window / payments of the window, per card BIN (top BINs by disputes, then other); absent for a BIN without payments.',
  });
  const disputes = new Counter({
    name: 'vigil_cases_disputes_total',
    help: 'Dispute status records stored (each once), by reason family and status.',
    labelNames: ['reason_family', 'status'],
    registers,
  });
  const evidence = new Counter({
    name: 'vigil_cases_label_evidence_total',
    help: 'Label evidence stored (each once), by source (dispute, customer_answer; case resolutions are audited with their case).',
    labelNames: ['source'],
    registers,
  });
  const disputeAlerts = new Counter({
    name: 'vigil_cases_dispute_alerts_total',
    help: 'Fraud disputes filed as an alert on the account case (opened or attached), each once.',
    registers,
  });
  const refreshFailures = new Counter({
    name: 'vigil_cases_quality_refresh_failures_total',
    help: 'Per-rule quality refreshes that failed (PostgreSQL unreachable); the gauges keep their last values.',
    registers,
  });
  const all = [
    hits,
    labelled,
    precision,
    flaggedShare,
    friction,
    decisions,
    byBin,
    paymentsByBin,
    rateByBin,
  ];
  return {
    refreshFailures,
    counters: {
      dispute: (reasonFamily, status) => disputes.inc({ reason_family: reasonFamily, status }),
      evidence: (source, added) => {
        if (added > 0) evidence.inc({ source }, added);
      },
      disputeAlertFiled: () => disputeAlerts.inc(),
    },
    sink: {
      publish: (snapshot) => {
        // Reset first: a rule that stopped firing (or left the top N) drops out of the gauges.
        for (const g of all) g.reset();
        for (const w of snapshot.windows) {
          const window = `${w.days}d`;
          decisions.set({ window }, w.decisions);
          for (const r of w.rules) {
            const key = { rule: r.rule, mode: r.mode, window };
            hits.set(key, r.hits);
            labelled.set({ ...key, verdict: 'fraud' }, r.labelledFraud);
            labelled.set({ ...key, verdict: 'legit' }, r.labelledLegit);
            friction.set(key, r.friction);
            if (r.precision !== undefined) precision.set(key, r.precision);
            if (r.flaggedShare !== undefined) flaggedShare.set(key, r.flaggedShare);
          }
        }
        for (const { days, bins } of snapshot.fraudDisputesByBin)
          for (const { bin, disputes: n } of bins) byBin.set({ bin, window: `${days}d` }, n);
        for (const { days, bins } of snapshot.chargebackByBin)
          for (const { key, payments, rate } of bins) {
            paymentsByBin.set({ bin: key, window: `${days}d` }, payments);
            if (rate !== undefined) rateByBin.set({ bin: key, window: `${days}d` }, rate);
          }
      },
    },
  };
}
