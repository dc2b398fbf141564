// Original file: vigil/cases/v1/cases.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AccountActionRequest as _vigil_cases_v1_AccountActionRequest, AccountActionRequest__Output as _vigil_cases_v1_AccountActionRequest__Output } from '../../../vigil/cases/v1/AccountActionRequest.ts';
import type { AccountActionResponse as _vigil_cases_v1_AccountActionResponse, AccountActionResponse__Output as _vigil_cases_v1_AccountActionResponse__Output } from '../../../vigil/cases/v1/AccountActionResponse.ts';
import type { AccountActivity as _vigil_cases_v1_AccountActivity, AccountActivity__Output as _vigil_cases_v1_AccountActivity__Output } from '../../../vigil/cases/v1/AccountActivity.ts';
import type { AddNoteRequest as _vigil_cases_v1_AddNoteRequest, AddNoteRequest__Output as _vigil_cases_v1_AddNoteRequest__Output } from '../../../vigil/cases/v1/AddNoteRequest.ts';
import type { AssignCaseRequest as _vigil_cases_v1_AssignCaseRequest, AssignCaseRequest__Output as _vigil_cases_v1_AssignCaseRequest__Output } from '../../../vigil/cases/v1/AssignCaseRequest.ts';
import type { Caller as _vigil_cases_v1_Caller, Caller__Output as _vigil_cases_v1_Caller__Output } from '../../../vigil/cases/v1/Caller.ts';
import type { Case as _vigil_cases_v1_Case, Case__Output as _vigil_cases_v1_Case__Output } from '../../../vigil/cases/v1/Case.ts';
import type { CaseChange as _vigil_cases_v1_CaseChange, CaseChange__Output as _vigil_cases_v1_CaseChange__Output } from '../../../vigil/cases/v1/CaseChange.ts';
import type { CaseSummary as _vigil_cases_v1_CaseSummary, CaseSummary__Output as _vigil_cases_v1_CaseSummary__Output } from '../../../vigil/cases/v1/CaseSummary.ts';
import type { CountCasesRequest as _vigil_cases_v1_CountCasesRequest, CountCasesRequest__Output as _vigil_cases_v1_CountCasesRequest__Output } from '../../../vigil/cases/v1/CountCasesRequest.ts';
import type { CountCasesResponse as _vigil_cases_v1_CountCasesResponse, CountCasesResponse__Output as _vigil_cases_v1_CountCasesResponse__Output } from '../../../vigil/cases/v1/CountCasesResponse.ts';
import type { DecideRuleSetRequest as _vigil_cases_v1_DecideRuleSetRequest, DecideRuleSetRequest__Output as _vigil_cases_v1_DecideRuleSetRequest__Output } from '../../../vigil/cases/v1/DecideRuleSetRequest.ts';
import type { GetAccountActivityRequest as _vigil_cases_v1_GetAccountActivityRequest, GetAccountActivityRequest__Output as _vigil_cases_v1_GetAccountActivityRequest__Output } from '../../../vigil/cases/v1/GetAccountActivityRequest.ts';
import type { GetActiveRuleSetRequest as _vigil_cases_v1_GetActiveRuleSetRequest, GetActiveRuleSetRequest__Output as _vigil_cases_v1_GetActiveRuleSetRequest__Output } from '../../../vigil/cases/v1/GetActiveRuleSetRequest.ts';
import type { GetActiveRuleSetResponse as _vigil_cases_v1_GetActiveRuleSetResponse, GetActiveRuleSetResponse__Output as _vigil_cases_v1_GetActiveRuleSetResponse__Output } from '../../../vigil/cases/v1/GetActiveRuleSetResponse.ts';
import type { GetCaseRequest as _vigil_cases_v1_GetCaseRequest, GetCaseRequest__Output as _vigil_cases_v1_GetCaseRequest__Output } from '../../../vigil/cases/v1/GetCaseRequest.ts';
import type { GetRuleSetRequest as _vigil_cases_v1_GetRuleSetRequest, GetRuleSetRequest__Output as _vigil_cases_v1_GetRuleSetRequest__Output } from '../../../vigil/cases/v1/GetRuleSetRequest.ts';
import type { ListCasesRequest as _vigil_cases_v1_ListCasesRequest, ListCasesRequest__Output as _vigil_cases_v1_ListCasesRequest__Output } from '../../../vigil/cases/v1/ListCasesRequest.ts';
import type { ListCasesResponse as _vigil_cases_v1_ListCasesResponse, ListCasesResponse__Output as _vigil_cases_v1_ListCasesResponse__Output } from '../../../vigil/cases/v1/ListCasesResponse.ts';
import type { ListRuleSetsRequest as _vigil_cases_v1_ListRuleSetsRequest, ListRuleSetsRequest__Output as _vigil_cases_v1_ListRuleSetsRequest__Output } from '../../../vigil/cases/v1/ListRuleSetsRequest.ts';
import type { ListRuleSetsResponse as _vigil_cases_v1_ListRuleSetsResponse, ListRuleSetsResponse__Output as _vigil_cases_v1_ListRuleSetsResponse__Output } from '../../../vigil/cases/v1/ListRuleSetsResponse.ts';
import type { Note as _vigil_cases_v1_Note, Note__Output as _vigil_cases_v1_Note__Output } from '../../../vigil/cases/v1/Note.ts';
import type { ProposeRuleSetRequest as _vigil_cases_v1_ProposeRuleSetRequest, ProposeRuleSetRequest__Output as _vigil_cases_v1_ProposeRuleSetRequest__Output } from '../../../vigil/cases/v1/ProposeRuleSetRequest.ts';
import type { RaiseCaseRequest as _vigil_cases_v1_RaiseCaseRequest, RaiseCaseRequest__Output as _vigil_cases_v1_RaiseCaseRequest__Output } from '../../../vigil/cases/v1/RaiseCaseRequest.ts';
import type { RaiseCaseResponse as _vigil_cases_v1_RaiseCaseResponse, RaiseCaseResponse__Output as _vigil_cases_v1_RaiseCaseResponse__Output } from '../../../vigil/cases/v1/RaiseCaseResponse.ts';
import type { ResolveCaseRequest as _vigil_cases_v1_ResolveCaseRequest, ResolveCaseRequest__Output as _vigil_cases_v1_ResolveCaseRequest__Output } from '../../../vigil/cases/v1/ResolveCaseRequest.ts';
import type { RollbackRuleSetRequest as _vigil_cases_v1_RollbackRuleSetRequest, RollbackRuleSetRequest__Output as _vigil_cases_v1_RollbackRuleSetRequest__Output } from '../../../vigil/cases/v1/RollbackRuleSetRequest.ts';
import type { RollbackRuleSetResponse as _vigil_cases_v1_RollbackRuleSetResponse, RollbackRuleSetResponse__Output as _vigil_cases_v1_RollbackRuleSetResponse__Output } from '../../../vigil/cases/v1/RollbackRuleSetResponse.ts';
import type { RuleSetDetail as _vigil_cases_v1_RuleSetDetail, RuleSetDetail__Output as _vigil_cases_v1_RuleSetDetail__Output } from '../../../vigil/cases/v1/RuleSetDetail.ts';
import type { RuleSetVersion as _vigil_cases_v1_RuleSetVersion, RuleSetVersion__Output as _vigil_cases_v1_RuleSetVersion__Output } from '../../../vigil/cases/v1/RuleSetVersion.ts';
import type { WatchCasesRequest as _vigil_cases_v1_WatchCasesRequest, WatchCasesRequest__Output as _vigil_cases_v1_WatchCasesRequest__Output } from '../../../vigil/cases/v1/WatchCasesRequest.ts';
import type { WhoAmIRequest as _vigil_cases_v1_WhoAmIRequest, WhoAmIRequest__Output as _vigil_cases_v1_WhoAmIRequest__Output } from '../../../vigil/cases/v1/WhoAmIRequest.ts';

export interface CaseServiceClient extends grpc.Client {
  AddNote(argument: _vigil_cases_v1_AddNoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  AddNote(argument: _vigil_cases_v1_AddNoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  AddNote(argument: _vigil_cases_v1_AddNoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  AddNote(argument: _vigil_cases_v1_AddNoteRequest, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  addNote(argument: _vigil_cases_v1_AddNoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  addNote(argument: _vigil_cases_v1_AddNoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  addNote(argument: _vigil_cases_v1_AddNoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  addNote(argument: _vigil_cases_v1_AddNoteRequest, callback: grpc.requestCallback<_vigil_cases_v1_Note__Output>): grpc.ClientUnaryCall;
  
  /**
   * Supervisors other than the author: a proposed version becomes active at once.
   */
  ApproveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  ApproveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  ApproveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  ApproveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  /**
   * Supervisors other than the author: a proposed version becomes active at once.
   */
  approveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  approveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  approveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  approveRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  
  /**
   * Agents may take unassigned cases or pass on their own; reassigning another's needs supervisor.
   */
  AssignCase(argument: _vigil_cases_v1_AssignCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  AssignCase(argument: _vigil_cases_v1_AssignCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  AssignCase(argument: _vigil_cases_v1_AssignCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  AssignCase(argument: _vigil_cases_v1_AssignCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  /**
   * Agents may take unassigned cases or pass on their own; reassigning another's needs supervisor.
   */
  assignCase(argument: _vigil_cases_v1_AssignCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  assignCase(argument: _vigil_cases_v1_AssignCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  assignCase(argument: _vigil_cases_v1_AssignCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  assignCase(argument: _vigil_cases_v1_AssignCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  
  /**
   * How many cases match ListCases's filters, per severity, each counted up to `cap`: a queue's
   * counts without reading the cases themselves.
   */
  CountCases(argument: _vigil_cases_v1_CountCasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  CountCases(argument: _vigil_cases_v1_CountCasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  CountCases(argument: _vigil_cases_v1_CountCasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  CountCases(argument: _vigil_cases_v1_CountCasesRequest, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * How many cases match ListCases's filters, per severity, each counted up to `cap`: a queue's
   * counts without reading the cases themselves.
   */
  countCases(argument: _vigil_cases_v1_CountCasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  countCases(argument: _vigil_cases_v1_CountCasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  countCases(argument: _vigil_cases_v1_CountCasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  countCases(argument: _vigil_cases_v1_CountCasesRequest, callback: grpc.requestCallback<_vigil_cases_v1_CountCasesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Agents and supervisors: the account's recent flagged decisions (the label ledger), its
   * customer's answers and its disputes; read only, not audited.
   */
  GetAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  GetAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  GetAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  GetAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  /**
   * Agents and supervisors: the account's recent flagged decisions (the label ledger), its
   * customer's answers and its disputes; read only, not audited.
   */
  getAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  getAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  getAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  getAccountActivity(argument: _vigil_cases_v1_GetAccountActivityRequest, callback: grpc.requestCallback<_vigil_cases_v1_AccountActivity__Output>): grpc.ClientUnaryCall;
  
  /**
   * The version risk engines load (any role; the engine polls it with its service token).
   */
  GetActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  GetActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  GetActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  GetActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The version risk engines load (any role; the engine polls it with its service token).
   */
  getActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  getActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  getActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  getActiveRuleSet(argument: _vigil_cases_v1_GetActiveRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_GetActiveRuleSetResponse__Output>): grpc.ClientUnaryCall;
  
  GetCase(argument: _vigil_cases_v1_GetCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  GetCase(argument: _vigil_cases_v1_GetCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  GetCase(argument: _vigil_cases_v1_GetCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  GetCase(argument: _vigil_cases_v1_GetCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  getCase(argument: _vigil_cases_v1_GetCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  getCase(argument: _vigil_cases_v1_GetCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  getCase(argument: _vigil_cases_v1_GetCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  getCase(argument: _vigil_cases_v1_GetCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_Case__Output>): grpc.ClientUnaryCall;
  
  GetRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  GetRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  GetRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  GetRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  getRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  getRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  getRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  getRuleSet(argument: _vigil_cases_v1_GetRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetDetail__Output>): grpc.ClientUnaryCall;
  
  ListCases(argument: _vigil_cases_v1_ListCasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  ListCases(argument: _vigil_cases_v1_ListCasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  ListCases(argument: _vigil_cases_v1_ListCasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  ListCases(argument: _vigil_cases_v1_ListCasesRequest, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  listCases(argument: _vigil_cases_v1_ListCasesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  listCases(argument: _vigil_cases_v1_ListCasesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  listCases(argument: _vigil_cases_v1_ListCasesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  listCases(argument: _vigil_cases_v1_ListCasesRequest, callback: grpc.requestCallback<_vigil_cases_v1_ListCasesResponse__Output>): grpc.ClientUnaryCall;
  
  ListRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  ListRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  ListRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  ListRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  listRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  listRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  listRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  listRuleSets(argument: _vigil_cases_v1_ListRuleSetsRequest, callback: grpc.requestCallback<_vigil_cases_v1_ListRuleSetsResponse__Output>): grpc.ClientUnaryCall;
  
  LockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  LockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  LockAccount(argument: _vigil_cases_v1_AccountActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  LockAccount(argument: _vigil_cases_v1_AccountActionRequest, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  lockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  lockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  lockAccount(argument: _vigil_cases_v1_AccountActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  lockAccount(argument: _vigil_cases_v1_AccountActionRequest, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Rule changes with approval. Agents and supervisors propose (the YAML is validated like the
   * risk engine does; an invalid one is refused with every problem as a field violation).
   */
  ProposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  ProposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  ProposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  ProposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  /**
   * Rule changes with approval. Agents and supervisors propose (the YAML is validated like the
   * risk engine does; an invalid one is refused with every problem as a field violation).
   */
  proposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  proposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  proposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  proposeRuleSet(argument: _vigil_cases_v1_ProposeRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  
  /**
   * Service role only (the risk engine).
   */
  RaiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  RaiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  RaiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  RaiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Service role only (the risk engine).
   */
  raiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  raiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  raiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  raiseCase(argument: _vigil_cases_v1_RaiseCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_RaiseCaseResponse__Output>): grpc.ClientUnaryCall;
  
  RejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  RejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  RejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  RejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  rejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  rejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  rejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  rejectRuleSet(argument: _vigil_cases_v1_DecideRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RuleSetVersion__Output>): grpc.ClientUnaryCall;
  
  /**
   * Agents may resolve unassigned cases and their own; others' need supervisor.
   */
  ResolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  ResolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  ResolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  ResolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  /**
   * Agents may resolve unassigned cases and their own; others' need supervisor.
   */
  resolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  resolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  resolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  resolveCase(argument: _vigil_cases_v1_ResolveCaseRequest, callback: grpc.requestCallback<_vigil_cases_v1_CaseSummary__Output>): grpc.ClientUnaryCall;
  
  /**
   * Supervisors: the active version is rolled back and the one it replaced is active again.
   */
  RollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  RollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  RollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  RollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Supervisors: the active version is rolled back and the one it replaced is active again.
   */
  rollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  rollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  rollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  rollbackRuleSet(argument: _vigil_cases_v1_RollbackRuleSetRequest, callback: grpc.requestCallback<_vigil_cases_v1_RollbackRuleSetResponse__Output>): grpc.ClientUnaryCall;
  
  UnlockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  UnlockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  UnlockAccount(argument: _vigil_cases_v1_AccountActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  UnlockAccount(argument: _vigil_cases_v1_AccountActionRequest, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  unlockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  unlockAccount(argument: _vigil_cases_v1_AccountActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  unlockAccount(argument: _vigil_cases_v1_AccountActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  unlockAccount(argument: _vigil_cases_v1_AccountActionRequest, callback: grpc.requestCallback<_vigil_cases_v1_AccountActionResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Live case changes; a watcher that cannot keep up is ended with RESOURCE_EXHAUSTED.
   */
  WatchCases(argument: _vigil_cases_v1_WatchCasesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_cases_v1_CaseChange__Output>;
  WatchCases(argument: _vigil_cases_v1_WatchCasesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_cases_v1_CaseChange__Output>;
  /**
   * Live case changes; a watcher that cannot keep up is ended with RESOURCE_EXHAUSTED.
   */
  watchCases(argument: _vigil_cases_v1_WatchCasesRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_cases_v1_CaseChange__Output>;
  watchCases(argument: _vigil_cases_v1_WatchCasesRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_cases_v1_CaseChange__Output>;
  
  /**
   * Who the token belongs to; any valid token may ask.
   */
  WhoAmI(argument: _vigil_cases_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _vigil_cases_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _vigil_cases_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _vigil_cases_v1_WhoAmIRequest, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  /**
   * Who the token belongs to; any valid token may ask.
   */
  whoAmI(argument: _vigil_cases_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _vigil_cases_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _vigil_cases_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _vigil_cases_v1_WhoAmIRequest, callback: grpc.requestCallback<_vigil_cases_v1_Caller__Output>): grpc.ClientUnaryCall;
  
}

export interface CaseServiceHandlers extends grpc.UntypedServiceImplementation {
  AddNote: grpc.handleUnaryCall<_vigil_cases_v1_AddNoteRequest__Output, _vigil_cases_v1_Note>;
  
  /**
   * Supervisors other than the author: a proposed version becomes active at once.
   */
  ApproveRuleSet: grpc.handleUnaryCall<_vigil_cases_v1_DecideRuleSetRequest__Output, _vigil_cases_v1_RuleSetVersion>;
  
  /**
   * Agents may take unassigned cases or pass on their own; reassigning another's needs supervisor.
   */
  AssignCase: grpc.handleUnaryCall<_vigil_cases_v1_AssignCaseRequest__Output, _vigil_cases_v1_CaseSummary>;
  
  /**
   * How many cases match ListCases's filters, per severity, each counted up to `cap`: a queue's
   * counts without reading the cases themselves.
   */
  CountCases: grpc.handleUnaryCall<_vigil_cases_v1_CountCasesRequest__Output, _vigil_cases_v1_CountCasesResponse>;
  
  /**
   * Agents and supervisors: the account's recent flagged decisions (the label ledger), its
   * customer's answers and its disputes; read only, not audited.
   */
  GetAccountActivity: grpc.handleUnaryCall<_vigil_cases_v1_GetAccountActivityRequest__Output, _vigil_cases_v1_AccountActivity>;
  
  /**
   * The version risk engines load (any role; the engine polls it with its service token).
   */
  GetActiveRuleSet: grpc.handleUnaryCall<_vigil_cases_v1_GetActiveRuleSetRequest__Output, _vigil_cases_v1_GetActiveRuleSetResponse>;
  
  GetCase: grpc.handleUnaryCall<_vigil_cases_v1_GetCaseRequest__Output, _vigil_cases_v1_Case>;
  
  GetRuleSet: grpc.handleUnaryCall<_vigil_cases_v1_GetRuleSetRequest__Output, _vigil_cases_v1_RuleSetDetail>;
  
  ListCases: grpc.handleUnaryCall<_vigil_cases_v1_ListCasesRequest__Output, _vigil_cases_v1_ListCasesResponse>;
  
  ListRuleSets: grpc.handleUnaryCall<_vigil_cases_v1_ListRuleSetsRequest__Output, _vigil_cases_v1_ListRuleSetsResponse>;
  
  LockAccount: grpc.handleUnaryCall<_vigil_cases_v1_AccountActionRequest__Output, _vigil_cases_v1_AccountActionResponse>;
  
  /**
   * Rule changes with approval. Agents and supervisors propose (the YAML is validated like the
   * risk engine does; an invalid one is refused with every problem as a field violation).
   */
  ProposeRuleSet: grpc.handleUnaryCall<_vigil_cases_v1_ProposeRuleSetRequest__Output, _vigil_cases_v1_RuleSetVersion>;
  
  /**
   * Service role only (the risk engine).
   */
  RaiseCase: grpc.handleUnaryCall<_vigil_cases_v1_RaiseCaseRequest__Output, _vigil_cases_v1_RaiseCaseResponse>;
  
  RejectRuleSet: grpc.handleUnaryCall<_vigil_cases_v1_DecideRuleSetRequest__Output, _vigil_cases_v1_RuleSetVersion>;
  
  /**
   * Agents may resolve unassigned cases and their own; others' need supervisor.
   */
  ResolveCase: grpc.handleUnaryCall<_vigil_cases_v1_ResolveCaseRequest__Output, _vigil_cases_v1_CaseSummary>;
  
  /**
   * Supervisors: the active version is rolled back and the one it replaced is active again.
   */
  RollbackRuleSet: grpc.handleUnaryCall<_vigil_cases_v1_RollbackRuleSetRequest__Output, _vigil_cases_v1_RollbackRuleSetResponse>;
  
  UnlockAccount: grpc.handleUnaryCall<_vigil_cases_v1_AccountActionRequest__Output, _vigil_cases_v1_AccountActionResponse>;
  
  /**
   * Live case changes; a watcher that cannot keep up is ended with RESOURCE_EXHAUSTED.
   */
  WatchCases: grpc.handleServerStreamingCall<_vigil_cases_v1_WatchCasesRequest__Output, _vigil_cases_v1_CaseChange>;
  
  /**
   * Who the token belongs to; any valid token may ask.
   */
  WhoAmI: grpc.handleUnaryCall<_vigil_cases_v1_WhoAmIRequest__Output, _vigil_cases_v1_Caller>;
  
}

export interface CaseServiceDefinition extends grpc.ServiceDefinition {
  AddNote: MethodDefinition<_vigil_cases_v1_AddNoteRequest, _vigil_cases_v1_Note, _vigil_cases_v1_AddNoteRequest__Output, _vigil_cases_v1_Note__Output>
  ApproveRuleSet: MethodDefinition<_vigil_cases_v1_DecideRuleSetRequest, _vigil_cases_v1_RuleSetVersion, _vigil_cases_v1_DecideRuleSetRequest__Output, _vigil_cases_v1_RuleSetVersion__Output>
  AssignCase: MethodDefinition<_vigil_cases_v1_AssignCaseRequest, _vigil_cases_v1_CaseSummary, _vigil_cases_v1_AssignCaseRequest__Output, _vigil_cases_v1_CaseSummary__Output>
  CountCases: MethodDefinition<_vigil_cases_v1_CountCasesRequest, _vigil_cases_v1_CountCasesResponse, _vigil_cases_v1_CountCasesRequest__Output, _vigil_cases_v1_CountCasesResponse__Output>
  GetAccountActivity: MethodDefinition<_vigil_cases_v1_GetAccountActivityRequest, _vigil_cases_v1_AccountActivity, _vigil_cases_v1_GetAccountActivityRequest__Output, _vigil_cases_v1_AccountActivity__Output>
  GetActiveRuleSet: MethodDefinition<_vigil_cases_v1_GetActiveRuleSetRequest, _vigil_cases_v1_GetActiveRuleSetResponse, _vigil_cases_v1_GetActiveRuleSetRequest__Output, _vigil_cases_v1_GetActiveRuleSetResponse__Output>
  GetCase: MethodDefinition<_vigil_cases_v1_GetCaseRequest, _vigil_cases_v1_Case, _vigil_cases_v1_GetCaseRequest__Output, _vigil_cases_v1_Case__Output>
  GetRuleSet: MethodDefinition<_vigil_cases_v1_GetRuleSetRequest, _vigil_cases_v1_RuleSetDetail, _vigil_cases_v1_GetRuleSetRequest__Output, _vigil_cases_v1_RuleSetDetail__Output>
  ListCases: MethodDefinition<_vigil_cases_v1_ListCasesRequest, _vigil_cases_v1_ListCasesResponse, _vigil_cases_v1_ListCasesRequest__Output, _vigil_cases_v1_ListCasesResponse__Output>
  ListRuleSets: MethodDefinition<_vigil_cases_v1_ListRuleSetsRequest, _vigil_cases_v1_ListRuleSetsResponse, _vigil_cases_v1_ListRuleSetsRequest__Output, _vigil_cases_v1_ListRuleSetsResponse__Output>
  LockAccount: MethodDefinition<_vigil_cases_v1_AccountActionRequest, _vigil_cases_v1_AccountActionResponse, _vigil_cases_v1_AccountActionRequest__Output, _vigil_cases_v1_AccountActionResponse__Output>
  ProposeRuleSet: MethodDefinition<_vigil_cases_v1_ProposeRuleSetRequest, _vigil_cases_v1_RuleSetVersion, _vigil_cases_v1_ProposeRuleSetRequest__Output, _vigil_cases_v1_RuleSetVersion__Output>
  RaiseCase: MethodDefinition<_vigil_cases_v1_RaiseCaseRequest, _vigil_cases_v1_RaiseCaseResponse, _vigil_cases_v1_RaiseCaseRequest__Output, _vigil_cases_v1_RaiseCaseResponse__Output>
  RejectRuleSet: MethodDefinition<_vigil_cases_v1_DecideRuleSetRequest, _vigil_cases_v1_RuleSetVersion, _vigil_cases_v1_DecideRuleSetRequest__Output, _vigil_cases_v1_RuleSetVersion__Output>
  ResolveCase: MethodDefinition<_vigil_cases_v1_ResolveCaseRequest, _vigil_cases_v1_CaseSummary, _vigil_cases_v1_ResolveCaseRequest__Output, _vigil_cases_v1_CaseSummary__Output>
  RollbackRuleSet: MethodDefinition<_vigil_cases_v1_RollbackRuleSetRequest, _vigil_cases_v1_RollbackRuleSetResponse, _vigil_cases_v1_RollbackRuleSetRequest__Output, _vigil_cases_v1_RollbackRuleSetResponse__Output>
  UnlockAccount: MethodDefinition<_vigil_cases_v1_AccountActionRequest, _vigil_cases_v1_AccountActionResponse, _vigil_cases_v1_AccountActionRequest__Output, _vigil_cases_v1_AccountActionResponse__Output>
  WatchCases: MethodDefinition<_vigil_cases_v1_WatchCasesRequest, _vigil_cases_v1_CaseChange, _vigil_cases_v1_WatchCasesRequest__Output, _vigil_cases_v1_CaseChange__Output>
  WhoAmI: MethodDefinition<_vigil_cases_v1_WhoAmIRequest, _vigil_cases_v1_Caller, _vigil_cases_v1_WhoAmIRequest__Output, _vigil_cases_v1_Caller__Output>
}
