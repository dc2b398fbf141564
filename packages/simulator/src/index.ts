export { simulate, planEpisodes, type SimulateOptions } from './simulate.ts';
export { runSimulation, type SimulationStats } from './run-simulation.ts';
export { paced, type Clock, type PacingOptions } from './pacing.ts';
export { generateTraffic, type EpisodePlan } from './domain/generate-traffic.ts';
export { trafficOptions, defaultEpisodes, type TrafficOptions, type TrafficOptionsInput } from './domain/traffic-options.ts';
export {
  SCENARIOS,
  INBOUND_TOPICS,
  groundTruth,
  type GroundTruth,
  type ScenarioName,
  type InboundTopic,
  type SimulatedRecord,
} from './domain/ground-truth.ts';
export { SCENARIO_CATALOG } from './domain/scenarios/catalog.ts';
export { parseDuration } from './domain/duration.ts';
export {
  computeDetectionReport,
  type DetectionReport,
  type ScenarioQuality,
  type BenignQuality,
  type DecisionView,
} from './domain/detection/detection-report.ts';
export { renderMarkdown, formatDuration, formatRate } from './domain/detection/render-markdown.ts';
export type { RecordSink } from './adapters/record-sink.ts';
export { createKafkaSink, type KafkaSinkOptions } from './adapters/kafka-sink.ts';
export { createFileSink, createLabelSink, teeSinks } from './adapters/file-sink.ts';
export { createResendingSink, type ResendingOptions, type ResendingSink } from './adapters/resending-sink.ts';
export { readJsonl, collect } from './adapters/jsonl-reader.ts';
export { readDecisionsFromKafka, type ReadDecisionsOptions } from './adapters/kafka-decision-reader.ts';
