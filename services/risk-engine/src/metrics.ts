import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from '@vigil/observability';

// Event→decision spans broker hops and batching, so it needs buckets past a second.
const END_TO_END_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function riskEngineMetrics(registry: Registry) {
  return {
    decisions: new Counter({
      name: 'vigil_risk_decisions_total',
      help: 'Decisions published, by outcome and event type.',
      labelNames: ['outcome', 'event_type'],
      registers: [registry],
    }),
    ruleHits: new Counter({
      name: 'vigil_risk_rule_hits_total',
      help: 'Rules that fired, by rule id and mode (enforce changes outcomes, shadow is only reported).',
      labelNames: ['rule', 'mode'],
      registers: [registry],
    }),
    scoringSeconds: new Histogram({
      name: 'vigil_risk_scoring_seconds',
      help: 'Time to score one batch: feature store round trip plus rule evaluation.',
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    batchStageSeconds: new Histogram({
      name: 'vigil_risk_batch_stage_seconds',
      help: 'Time one batch spends in each stage besides scoring (vigil_risk_scoring_seconds): prepare (open the Kafka transaction), effects (decision subjects, lock claims, RaiseCase when CASE_RAISING=inline, and the wait for the last event-memory write of the batch, sent while scoring), publish (produce, offsets, commit).',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    eventToDecision: new Histogram({
      name: 'vigil_risk_event_to_decision_seconds',
      help: 'From the Kafka record timestamp of an event to its decision being published.',
      buckets: END_TO_END_BUCKETS,
      registers: [registry],
    }),
    casesRaised: new Counter({
      name: 'vigil_risk_cases_raised_total',
      help: 'RaiseCase calls acknowledged by case-service, by decision outcome (a decision raised again after a restart counts again; case-service attaches its alert once).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    caseRaiseFailures: new Counter({
      name: 'vigil_risk_case_raise_failures_total',
      help: 'RaiseCase calls that failed, by error code: inline, the scoring batch waits and retries; from the decisions topic, only the case raiser waits and retries its partition (CASE_DECISION_REFUSED: dead-lettered to the decisions .dlq).',
      labelNames: ['code'],
      registers: [registry],
    }),
    caseRaiseDelay: new Histogram({
      name: 'vigil_risk_case_raise_delay_seconds',
      help: 'CASE_RAISING=decisions-topic: from a review/block decision being published (its record timestamp) to case-service acknowledging its case; how far agents’ cases trail decisions.',
      buckets: END_TO_END_BUCKETS,
      registers: [registry],
    }),
    lockCommands: new Counter({
      name: 'vigil_risk_lock_commands_total',
      help: 'Account lock commands published on accounts.commands.v1: until unlocked (block decisions) or timed (brute-force locks).',
      labelNames: ['kind'],
      registers: [registry],
    }),
    lockCommandsSuppressed: new Counter({
      name: 'vigil_risk_lock_commands_suppressed_total',
      help: 'Lock commands not sent because the account was locked by an earlier decision within the hold period.',
      registers: [registry],
    }),
    duplicateEvents: new Counter({
      name: 'vigil_risk_duplicate_events_total',
      help: 'Events delivered again upstream (an eventId already decided from another offset): no second decision.',
      registers: [registry],
    }),
    temporaryLocks: new Counter({
      name: 'vigil_risk_temporary_locks_total',
      help: 'Temporary login locks asked for by brute-force rules, by scope (sent as timed lock commands unless the decision blocks).',
      labelNames: ['scope'],
      registers: [registry],
    }),
    followUps: new Counter({
      name: 'vigil_risk_follow_ups_total',
      help: 'Follow-up decisions published, by kind: late_event (a late event made an earlier-decided event look worse), retro_hunt (an entity the account used was found bad later).',
      labelNames: ['kind'],
      registers: [registry],
    }),
    lateEvents: new Counter({
      name: 'vigil_risk_late_events_total',
      help: 'Events decided after a later event of their account (their upstream or topic was behind by more than the ordering idle bound).',
      registers: [registry],
    }),
    lateForOthers: new Counter({
      name: 'vigil_risk_late_for_others_events_total',
      help: 'Events recorded after later events of other accounts on an IP, device, card or beneficiary whose shared state they count on (another replica or unit ahead, or the event late): those were evaluated again as of their own time.',
      registers: [registry],
    }),
    unreadableRemembered: new Counter({
      name: 'vigil_risk_remembered_unreadable_total',
      help: 'Remembered events that no longer parse and were left out of a late event’s revisit (after a schema change).',
      registers: [registry],
    }),
    feedbackApplied: new Counter({
      name: 'vigil_risk_feedback_applied_total',
      help: 'Feedback records turned into allow/deny list changes, by source and verdict.',
      labelNames: ['source', 'verdict'],
      registers: [registry],
    }),
  };
}
export type RiskEngineMetrics = ReturnType<typeof riskEngineMetrics>;

/** The rule set in force and its reloads (file edits, SIGHUP, approvals and rollbacks). */
export function ruleSetMetrics(registry: Registry) {
  return {
    active: new Gauge({
      name: 'vigil_risk_rule_set_active',
      help: '1 for the rule-set version this engine scores with (decisions carry it as ruleSetVersion).',
      labelNames: ['version', 'source'],
      registers: [registry],
    }),
    reloads: new Counter({
      name: 'vigil_risk_rule_set_reloads_total',
      help: 'Rule-set changes seen, by source and result (loaded, or refused: the previous set stays).',
      labelNames: ['source', 'result'],
      registers: [registry],
    }),
  };
}
