export { startLocalSinks, type LocalSinks, type NoticeChannel } from './sinks/local-sinks.ts';
export { startSmtpSink, type SmtpSink, type CapturedMail } from './sinks/smtp-sink.ts';
export {
  startWebhookSink,
  type WebhookSink,
  type CapturedWebhook,
  type WebhookChannel,
} from './sinks/webhook-sink.ts';
export { parseMail, decodeHeaderValue, type ParsedMail } from './sinks/mime.ts';
export { startCaptureServer, type CaptureServer } from './sinks/capture-server.ts';
export {
  customerMessages,
  linksIn,
  verificationLinkIn,
  type CustomerMessage,
} from './sinks/customer-messages.ts';
export {
  BUILT_ENTRY_POINTS,
  startStack,
  StackStopError,
  REPO_ROOT,
  type RunningStack,
  type ServiceHandle,
} from './stack/start-stack.ts';
export {
  SERVICE_NAMES,
  topicList,
  type ServiceName,
  type StackOptions,
  type StackPlan,
  type StackTopics,
  type SinkAddresses,
  type Caller,
  type Role,
} from './stack/stack-plan.ts';
export { spawnService, type ChildService, type ExitResult } from './stack/child-service.ts';
export { grpcHealthStatus, waitUntilReady } from './stack/readiness.ts';
export { serviceEnv } from './stack/service-env.ts';
export {
  forgetGroup,
  removeStackKafkaNames,
  stackGroupIds,
  stackKafkaNames,
  type StackGroupIds,
} from './stack/stack-kafka-names.ts';
export { ensureSchemas, dropSchemas } from './stack/pg-schemas.ts';
export {
  seedContactPreferences,
  contactSeed,
  type ContactSeed,
} from './stack/contact-preferences.ts';
export { demoContacts } from './demo/demo-contacts.ts';
export { freePort, freePorts } from '@vigil/testing';
export type { CasesClient } from '@vigil/protos';
export {
  startTopicCollector,
  type TopicCollector,
  type CollectedRecord,
} from './kafka/topic-collector.ts';
