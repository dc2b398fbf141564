export { simulate, planEpisodes, SIMULATION_MODES, type SimulateOptions, type SimulationMode } from './simulate.ts';
export { runSimulation, type SimulationStats } from './run-simulation.ts';
export { paced, type Clock, type PacingOptions } from './pacing.ts';
export { generateTraffic, scheduledScenarios, type EpisodePlan, type SkippedScenario } from './domain/generate-traffic.ts';
export { trafficOptions, defaultEpisodes, DEFAULT_CHAIN_SHARE, type TrafficOptions, type TrafficOptionsInput } from './domain/traffic-options.ts';
export { createTopicDelay, delayTopics, type TopicDelay, type TopicDelays } from './domain/topic-delay.ts';
export {
  SCENARIOS,
  BENIGN_CHAINS,
  INBOUND_TOPICS,
  groundTruth,
  type GroundTruth,
  type ScenarioName,
  type BenignChain,
  type InboundTopic,
  type SimulatedRecord,
} from './domain/ground-truth.ts';
export { SCENARIO_CATALOG } from './domain/scenarios/catalog.ts';
export { parseDuration } from './domain/duration.ts';
export { scoredEventOf } from './domain/scored-event.ts';
export {
  computeDetectionReport,
  type DetectionReport,
  type ScenarioQuality,
  type BenignQuality,
  type DecisionView,
} from './domain/detection/detection-report.ts';
export { effectiveOutcomes, moreSevere, type EffectiveDecision, type EffectiveOutcomes, type FollowUpTally } from './domain/detection/effective-outcomes.ts';
export { findInversions, type Inversion, type InversionReport } from './domain/detection/inversions.ts';
export type { ChainQuality } from './domain/detection/chain-quality.ts';
export type { RuleCount } from './domain/detection/rule-counts.ts';
export {
  compareDecisions,
  type ComparableDecision,
  type CompareOptions,
  type DecisionComparison,
  type DecisionDifference,
  type DecisionFacts,
  type DecisionField,
  type DecisionSetDiff,
  type EffectiveDifference,
} from './domain/detection/compare-decisions.ts';
export { renderComparison, type ComparisonLabels } from './domain/detection/render-comparison.ts';
export { renderMarkdown, formatDuration, formatRate } from './domain/detection/render-markdown.ts';
export type { RecordSink } from './adapters/record-sink.ts';
export { createKafkaSink, type KafkaSinkOptions } from './adapters/kafka-sink.ts';
export { createFileSink, createLabelSink, teeSinks } from './adapters/file-sink.ts';
export { createResendingSink, type ResendingOptions, type ResendingSink } from './adapters/resending-sink.ts';
export { readJsonl, collect } from './adapters/jsonl-reader.ts';
export { readDecisionsFromKafka, type ReadDecisionsOptions } from './adapters/kafka-decision-reader.ts';
