// Re-exports of the generated vigil.cases.v1 types (regenerate with `pnpm --filter @vigil/protos generate`).
export type {
  AccountActivity,
  AccountActivity__Output,
} from './generated/vigil/cases/v1/AccountActivity.ts';
export type {
  AccountDecision,
  AccountDecision__Output,
} from './generated/vigil/cases/v1/AccountDecision.ts';
export type {
  AccountDispute,
  AccountDispute__Output,
} from './generated/vigil/cases/v1/AccountDispute.ts';
export type {
  CustomerAnswer,
  CustomerAnswer__Output,
} from './generated/vigil/cases/v1/CustomerAnswer.ts';
export type {
  GetAccountActivityRequest,
  GetAccountActivityRequest__Output,
} from './generated/vigil/cases/v1/GetAccountActivityRequest.ts';
export type {
  LedgerReason,
  LedgerReason__Output,
} from './generated/vigil/cases/v1/LedgerReason.ts';
export type {
  AccountActionRequest,
  AccountActionRequest__Output,
} from './generated/vigil/cases/v1/AccountActionRequest.ts';
export type {
  AccountActionResponse,
  AccountActionResponse__Output,
} from './generated/vigil/cases/v1/AccountActionResponse.ts';
export type {
  AddNoteRequest,
  AddNoteRequest__Output,
} from './generated/vigil/cases/v1/AddNoteRequest.ts';
export type { Alert, Alert__Output } from './generated/vigil/cases/v1/Alert.ts';
export type {
  AssignCaseRequest,
  AssignCaseRequest__Output,
} from './generated/vigil/cases/v1/AssignCaseRequest.ts';
export type { AuditEvent, AuditEvent__Output } from './generated/vigil/cases/v1/AuditEvent.ts';
export type { Caller, Caller__Output } from './generated/vigil/cases/v1/Caller.ts';
export type { Case, Case__Output } from './generated/vigil/cases/v1/Case.ts';
export type { CaseChange, CaseChange__Output } from './generated/vigil/cases/v1/CaseChange.ts';
export type {
  CaseServiceClient,
  CaseServiceDefinition,
  CaseServiceHandlers,
} from './generated/vigil/cases/v1/CaseService.ts';
export { CaseStatus, type CaseStatus__Output } from './generated/vigil/cases/v1/CaseStatus.ts';
export type { CaseSummary, CaseSummary__Output } from './generated/vigil/cases/v1/CaseSummary.ts';
export { ChangeKind, type ChangeKind__Output } from './generated/vigil/cases/v1/ChangeKind.ts';
export {
  DecisionOutcome,
  type DecisionOutcome__Output,
} from './generated/vigil/cases/v1/DecisionOutcome.ts';
export { Disposition, type Disposition__Output } from './generated/vigil/cases/v1/Disposition.ts';
export type {
  GetCaseRequest,
  GetCaseRequest__Output,
} from './generated/vigil/cases/v1/GetCaseRequest.ts';
export type {
  ListCasesRequest,
  ListCasesRequest__Output,
} from './generated/vigil/cases/v1/ListCasesRequest.ts';
export type {
  ListCasesResponse,
  ListCasesResponse__Output,
} from './generated/vigil/cases/v1/ListCasesResponse.ts';
export { ListOrder, type ListOrder__Output } from './generated/vigil/cases/v1/ListOrder.ts';
export type {
  CountCasesRequest,
  CountCasesRequest__Output,
} from './generated/vigil/cases/v1/CountCasesRequest.ts';
export type {
  CountCasesResponse,
  CountCasesResponse__Output,
} from './generated/vigil/cases/v1/CountCasesResponse.ts';
export type {
  SeverityCount,
  SeverityCount__Output,
} from './generated/vigil/cases/v1/SeverityCount.ts';
export type { Note, Note__Output } from './generated/vigil/cases/v1/Note.ts';
export type {
  RaiseCaseRequest,
  RaiseCaseRequest__Output,
} from './generated/vigil/cases/v1/RaiseCaseRequest.ts';
export type {
  RaiseCaseResponse,
  RaiseCaseResponse__Output,
} from './generated/vigil/cases/v1/RaiseCaseResponse.ts';
export type { Reason, Reason__Output } from './generated/vigil/cases/v1/Reason.ts';
export type {
  ResolveCaseRequest,
  ResolveCaseRequest__Output,
} from './generated/vigil/cases/v1/ResolveCaseRequest.ts';
export { Severity, type Severity__Output } from './generated/vigil/cases/v1/Severity.ts';
export type { Sla, Sla__Output } from './generated/vigil/cases/v1/Sla.ts';
export type { Subject, Subject__Output } from './generated/vigil/cases/v1/Subject.ts';
export type {
  WhoAmIRequest,
  WhoAmIRequest__Output,
} from './generated/vigil/cases/v1/WhoAmIRequest.ts';
export type {
  WatchCasesRequest,
  WatchCasesRequest__Output,
} from './generated/vigil/cases/v1/WatchCasesRequest.ts';
// Rule-set versions (rule changes with approval).
export type {
  DecideRuleSetRequest,
  DecideRuleSetRequest__Output,
} from './generated/vigil/cases/v1/DecideRuleSetRequest.ts';
export type {
  GetActiveRuleSetRequest,
  GetActiveRuleSetRequest__Output,
} from './generated/vigil/cases/v1/GetActiveRuleSetRequest.ts';
export type {
  GetActiveRuleSetResponse,
  GetActiveRuleSetResponse__Output,
} from './generated/vigil/cases/v1/GetActiveRuleSetResponse.ts';
export type {
  GetRuleSetRequest,
  GetRuleSetRequest__Output,
} from './generated/vigil/cases/v1/GetRuleSetRequest.ts';
export type {
  ListRuleSetsRequest,
  ListRuleSetsRequest__Output,
} from './generated/vigil/cases/v1/ListRuleSetsRequest.ts';
export type {
  ListRuleSetsResponse,
  ListRuleSetsResponse__Output,
} from './generated/vigil/cases/v1/ListRuleSetsResponse.ts';
export type {
  ProposeRuleSetRequest,
  ProposeRuleSetRequest__Output,
} from './generated/vigil/cases/v1/ProposeRuleSetRequest.ts';
export type {
  RollbackRuleSetRequest,
  RollbackRuleSetRequest__Output,
} from './generated/vigil/cases/v1/RollbackRuleSetRequest.ts';
export type {
  RollbackRuleSetResponse,
  RollbackRuleSetResponse__Output,
} from './generated/vigil/cases/v1/RollbackRuleSetResponse.ts';
export type { RuleChange, RuleChange__Output } from './generated/vigil/cases/v1/RuleChange.ts';
export type {
  RuleSetAuditEvent,
  RuleSetAuditEvent__Output,
} from './generated/vigil/cases/v1/RuleSetAuditEvent.ts';
export type {
  RuleSetDetail,
  RuleSetDetail__Output,
} from './generated/vigil/cases/v1/RuleSetDetail.ts';
export type { RuleSetDiff, RuleSetDiff__Output } from './generated/vigil/cases/v1/RuleSetDiff.ts';
export {
  RuleSetStatus,
  type RuleSetStatus__Output,
} from './generated/vigil/cases/v1/RuleSetStatus.ts';
export type {
  RuleSetVersion,
  RuleSetVersion__Output,
} from './generated/vigil/cases/v1/RuleSetVersion.ts';
