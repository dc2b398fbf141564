export {
  parseRuleSet,
  compileRuleSet,
  ruleSetFile,
  COMBINATIONS,
  type RuleSet,
  type RuleSetDocument,
  type ConfiguredRule,
  type Combination,
  type Exemption,
} from './rule-set.ts';
export {
  retroHuntFile,
  compileRetroHunt,
  type RetroHuntConfig,
  type RetroEntity,
} from './retro-hunt-config.ts';
export {
  requiredFeatures,
  planFeatures,
  planRule,
  ruleContext,
  timeZoneFor,
  type RulePlan,
  type FeatureResolver,
} from './feature-plan.ts';
export { planEvent, type EventPlan } from './event-plan.ts';
export { evaluate, evaluationOf, ruleHit, type Evaluation } from './evaluate.ts';
export { buildDecision, decisionIdFor } from './decision.ts';
export { DECISION_RECORD_BYTES, MAX_RULES, fitDecisionToRecord } from './decision-size.ts';
export { withWorstAdditions, worstDecision } from './decision-worst-case.ts';
export { combineScores, outcomeForScore, moreSevere } from './combine-score.ts';
export {
  feedbackToListMutations,
  listMutation,
  DEFAULT_FEEDBACK_POLICY,
  type ListMutation,
  type FeedbackSubject,
  type FeedbackPolicy,
} from './list-mutations.ts';
export type { FeatureStore, FeatureBatchResult } from './feature-store.ts';
export type { FeatureRequest, FeatureOp, FeatureBatchItem } from './feature-request.ts';
export { FeatureReader, type FeatureValue, type FeatureValues } from './feature-values.ts';
export {
  DIMENSIONS,
  LIST_ENTITIES,
  type FeatureSpec,
  type FeatureKind,
  type Dimension,
  type ListEntity,
  type ListName,
  type ListScope,
  type LastEventRecord,
} from './feature-spec.ts';
export {
  resolveFeature,
  specHash,
  MAX_DISTINCT_MEMBERS,
  MAX_SEEN_MEMBERS,
  MAX_AVERAGE_SAMPLES,
} from './resolve-feature.ts';
export { listKey, hashText } from './feature-keys.ts';
export { firstResultsTag } from './first-results-tag.ts';
export {
  eventTime,
  attributeValue,
  transactionOf,
  ATTRIBUTES,
  type Attribute,
  type EventKind,
} from './event-view.ts';
export { eventFilter, matchesFilter, type EventFilter } from './event-filter.ts';
export { bucketIndex, localDay, isValidTimeZone, defaultBucketMs } from './windows.ts';
export { DetailedBucket, DetailedBuckets } from './bucket-detail.ts';
export { FeatureStates, recordsEvent, type StateOp } from './feature-states.ts';
export type { KeyedStates } from './feature-state-ops.ts';
export {
  BUCKET_DETAIL_BYTES,
  DAILY_SLOT_MS,
  LAST_EVENT_RECORDS,
  DEFAULT_LATENESS_HORIZON_MS,
  MAX_LATE_BUCKETS,
} from './feature-state-layout.ts';
export { haversineKm } from './geo.ts';
export { parseDuration, formatDuration, formatTimeLeft } from './duration.ts';
export { RULE_CATALOG } from './rule-catalog.ts';
export {
  RULE_MODES,
  type RuleMode,
  type RuleHit,
  type RuleContext,
  type TemporaryLock,
  type CompiledRule,
  type RuleFactory,
} from './rule.ts';
export { InMemoryFeatureStore } from './in-memory-feature-store.ts';
export {
  MAX_LATER_EVENTS,
  MAX_OTHERS_LATER,
  MAX_ENTITY_USES,
  USES_PER_ACCOUNT,
  rememberedPayload,
  parseRemembered,
  type EventMemory,
  type MemoryItem,
  type RecordResult,
  type Settlement,
  type Raise,
  type RememberedEvent,
  type EntityUse,
  type EntityUseRecord,
  type SweepRequest,
  type BelatedUse,
  type TouchKind,
  sweepFinding,
  compareBelated,
  byTimeThenId,
  MAX_FINDING,
  RECENT_SWEEPS,
} from './follow-ups/event-memory.ts';
export { InMemoryEventMemory } from './follow-ups/in-memory-event-memory.ts';
export {
  encodeUseContext,
  decodeUseContext,
  useRecordWith,
  MAX_USE_TEXT,
} from './follow-ups/use-context.ts';
export { contextOf } from './decision-context.ts';
export {
  followUpEventId,
  lateEventFollowUp,
  retroHuntFollowUp,
  type RetroTrigger,
  type RetroPolicy,
} from './follow-ups/follow-up-decision.ts';
export {
  revisitLaterEvents,
  type LateArrival,
  type LateFollowUp,
} from './follow-ups/late-events.ts';
export {
  entityUses,
  triggeredSweeps,
  belatedSweeps,
  denyListSweeps,
  retroFollowUps,
  DENY_LIST_TRIGGER,
  type PlannedSweep,
} from './follow-ups/retro-hunt.ts';
export { memoryItems, settleBatch } from './settle-batch.ts';
export {
  decideBatch,
  decideBatchWriting,
  type DecideBatchDeps,
  type SettlingBatch,
  type BatchEvent,
  type DecidedEvent,
  type DecidedBatch,
  type FollowUp,
} from './decide-batch.ts';
