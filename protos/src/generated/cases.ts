import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AccountActionRequest as _vigil_cases_v1_AccountActionRequest, AccountActionRequest__Output as _vigil_cases_v1_AccountActionRequest__Output } from './vigil/cases/v1/AccountActionRequest.ts';
import type { AccountActionResponse as _vigil_cases_v1_AccountActionResponse, AccountActionResponse__Output as _vigil_cases_v1_AccountActionResponse__Output } from './vigil/cases/v1/AccountActionResponse.ts';
import type { AccountActivity as _vigil_cases_v1_AccountActivity, AccountActivity__Output as _vigil_cases_v1_AccountActivity__Output } from './vigil/cases/v1/AccountActivity.ts';
import type { AccountDecision as _vigil_cases_v1_AccountDecision, AccountDecision__Output as _vigil_cases_v1_AccountDecision__Output } from './vigil/cases/v1/AccountDecision.ts';
import type { AccountDispute as _vigil_cases_v1_AccountDispute, AccountDispute__Output as _vigil_cases_v1_AccountDispute__Output } from './vigil/cases/v1/AccountDispute.ts';
import type { AddNoteRequest as _vigil_cases_v1_AddNoteRequest, AddNoteRequest__Output as _vigil_cases_v1_AddNoteRequest__Output } from './vigil/cases/v1/AddNoteRequest.ts';
import type { Alert as _vigil_cases_v1_Alert, Alert__Output as _vigil_cases_v1_Alert__Output } from './vigil/cases/v1/Alert.ts';
import type { AssignCaseRequest as _vigil_cases_v1_AssignCaseRequest, AssignCaseRequest__Output as _vigil_cases_v1_AssignCaseRequest__Output } from './vigil/cases/v1/AssignCaseRequest.ts';
import type { AuditEvent as _vigil_cases_v1_AuditEvent, AuditEvent__Output as _vigil_cases_v1_AuditEvent__Output } from './vigil/cases/v1/AuditEvent.ts';
import type { Caller as _vigil_cases_v1_Caller, Caller__Output as _vigil_cases_v1_Caller__Output } from './vigil/cases/v1/Caller.ts';
import type { Case as _vigil_cases_v1_Case, Case__Output as _vigil_cases_v1_Case__Output } from './vigil/cases/v1/Case.ts';
import type { CaseChange as _vigil_cases_v1_CaseChange, CaseChange__Output as _vigil_cases_v1_CaseChange__Output } from './vigil/cases/v1/CaseChange.ts';
import type { CaseServiceClient as _vigil_cases_v1_CaseServiceClient, CaseServiceDefinition as _vigil_cases_v1_CaseServiceDefinition } from './vigil/cases/v1/CaseService.ts';
import type { CaseSummary as _vigil_cases_v1_CaseSummary, CaseSummary__Output as _vigil_cases_v1_CaseSummary__Output } from './vigil/cases/v1/CaseSummary.ts';
import type { CountCasesRequest as _vigil_cases_v1_CountCasesRequest, CountCasesRequest__Output as _vigil_cases_v1_CountCasesRequest__Output } from './vigil/cases/v1/CountCasesRequest.ts';
import type { CountCasesResponse as _vigil_cases_v1_CountCasesResponse, CountCasesResponse__Output as _vigil_cases_v1_CountCasesResponse__Output } from './vigil/cases/v1/CountCasesResponse.ts';
import type { CustomerAnswer as _vigil_cases_v1_CustomerAnswer, CustomerAnswer__Output as _vigil_cases_v1_CustomerAnswer__Output } from './vigil/cases/v1/CustomerAnswer.ts';
import type { DecideRuleSetRequest as _vigil_cases_v1_DecideRuleSetRequest, DecideRuleSetRequest__Output as _vigil_cases_v1_DecideRuleSetRequest__Output } from './vigil/cases/v1/DecideRuleSetRequest.ts';
import type { GetAccountActivityRequest as _vigil_cases_v1_GetAccountActivityRequest, GetAccountActivityRequest__Output as _vigil_cases_v1_GetAccountActivityRequest__Output } from './vigil/cases/v1/GetAccountActivityRequest.ts';
import type { GetActiveRuleSetRequest as _vigil_cases_v1_GetActiveRuleSetRequest, GetActiveRuleSetRequest__Output as _vigil_cases_v1_GetActiveRuleSetRequest__Output } from './vigil/cases/v1/GetActiveRuleSetRequest.ts';
import type { GetActiveRuleSetResponse as _vigil_cases_v1_GetActiveRuleSetResponse, GetActiveRuleSetResponse__Output as _vigil_cases_v1_GetActiveRuleSetResponse__Output } from './vigil/cases/v1/GetActiveRuleSetResponse.ts';
import type { GetCaseRequest as _vigil_cases_v1_GetCaseRequest, GetCaseRequest__Output as _vigil_cases_v1_GetCaseRequest__Output } from './vigil/cases/v1/GetCaseRequest.ts';
import type { GetRuleSetRequest as _vigil_cases_v1_GetRuleSetRequest, GetRuleSetRequest__Output as _vigil_cases_v1_GetRuleSetRequest__Output } from './vigil/cases/v1/GetRuleSetRequest.ts';
import type { LedgerReason as _vigil_cases_v1_LedgerReason, LedgerReason__Output as _vigil_cases_v1_LedgerReason__Output } from './vigil/cases/v1/LedgerReason.ts';
import type { ListCasesRequest as _vigil_cases_v1_ListCasesRequest, ListCasesRequest__Output as _vigil_cases_v1_ListCasesRequest__Output } from './vigil/cases/v1/ListCasesRequest.ts';
import type { ListCasesResponse as _vigil_cases_v1_ListCasesResponse, ListCasesResponse__Output as _vigil_cases_v1_ListCasesResponse__Output } from './vigil/cases/v1/ListCasesResponse.ts';
import type { ListRuleSetsRequest as _vigil_cases_v1_ListRuleSetsRequest, ListRuleSetsRequest__Output as _vigil_cases_v1_ListRuleSetsRequest__Output } from './vigil/cases/v1/ListRuleSetsRequest.ts';
import type { ListRuleSetsResponse as _vigil_cases_v1_ListRuleSetsResponse, ListRuleSetsResponse__Output as _vigil_cases_v1_ListRuleSetsResponse__Output } from './vigil/cases/v1/ListRuleSetsResponse.ts';
import type { Note as _vigil_cases_v1_Note, Note__Output as _vigil_cases_v1_Note__Output } from './vigil/cases/v1/Note.ts';
import type { ProposeRuleSetRequest as _vigil_cases_v1_ProposeRuleSetRequest, ProposeRuleSetRequest__Output as _vigil_cases_v1_ProposeRuleSetRequest__Output } from './vigil/cases/v1/ProposeRuleSetRequest.ts';
import type { RaiseCaseRequest as _vigil_cases_v1_RaiseCaseRequest, RaiseCaseRequest__Output as _vigil_cases_v1_RaiseCaseRequest__Output } from './vigil/cases/v1/RaiseCaseRequest.ts';
import type { RaiseCaseResponse as _vigil_cases_v1_RaiseCaseResponse, RaiseCaseResponse__Output as _vigil_cases_v1_RaiseCaseResponse__Output } from './vigil/cases/v1/RaiseCaseResponse.ts';
import type { Reason as _vigil_cases_v1_Reason, Reason__Output as _vigil_cases_v1_Reason__Output } from './vigil/cases/v1/Reason.ts';
import type { ResolveCaseRequest as _vigil_cases_v1_ResolveCaseRequest, ResolveCaseRequest__Output as _vigil_cases_v1_ResolveCaseRequest__Output } from './vigil/cases/v1/ResolveCaseRequest.ts';
import type { RollbackRuleSetRequest as _vigil_cases_v1_RollbackRuleSetRequest, RollbackRuleSetRequest__Output as _vigil_cases_v1_RollbackRuleSetRequest__Output } from './vigil/cases/v1/RollbackRuleSetRequest.ts';
import type { RollbackRuleSetResponse as _vigil_cases_v1_RollbackRuleSetResponse, RollbackRuleSetResponse__Output as _vigil_cases_v1_RollbackRuleSetResponse__Output } from './vigil/cases/v1/RollbackRuleSetResponse.ts';
import type { RuleChange as _vigil_cases_v1_RuleChange, RuleChange__Output as _vigil_cases_v1_RuleChange__Output } from './vigil/cases/v1/RuleChange.ts';
import type { RuleSetAuditEvent as _vigil_cases_v1_RuleSetAuditEvent, RuleSetAuditEvent__Output as _vigil_cases_v1_RuleSetAuditEvent__Output } from './vigil/cases/v1/RuleSetAuditEvent.ts';
import type { RuleSetDetail as _vigil_cases_v1_RuleSetDetail, RuleSetDetail__Output as _vigil_cases_v1_RuleSetDetail__Output } from './vigil/cases/v1/RuleSetDetail.ts';
import type { RuleSetDiff as _vigil_cases_v1_RuleSetDiff, RuleSetDiff__Output as _vigil_cases_v1_RuleSetDiff__Output } from './vigil/cases/v1/RuleSetDiff.ts';
import type { RuleSetVersion as _vigil_cases_v1_RuleSetVersion, RuleSetVersion__Output as _vigil_cases_v1_RuleSetVersion__Output } from './vigil/cases/v1/RuleSetVersion.ts';
import type { SeverityCount as _vigil_cases_v1_SeverityCount, SeverityCount__Output as _vigil_cases_v1_SeverityCount__Output } from './vigil/cases/v1/SeverityCount.ts';
import type { Sla as _vigil_cases_v1_Sla, Sla__Output as _vigil_cases_v1_Sla__Output } from './vigil/cases/v1/Sla.ts';
import type { Subject as _vigil_cases_v1_Subject, Subject__Output as _vigil_cases_v1_Subject__Output } from './vigil/cases/v1/Subject.ts';
import type { WatchCasesRequest as _vigil_cases_v1_WatchCasesRequest, WatchCasesRequest__Output as _vigil_cases_v1_WatchCasesRequest__Output } from './vigil/cases/v1/WatchCasesRequest.ts';
import type { WhoAmIRequest as _vigil_cases_v1_WhoAmIRequest, WhoAmIRequest__Output as _vigil_cases_v1_WhoAmIRequest__Output } from './vigil/cases/v1/WhoAmIRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  vigil: {
    cases: {
      v1: {
        AccountActionRequest: MessageTypeDefinition<_vigil_cases_v1_AccountActionRequest, _vigil_cases_v1_AccountActionRequest__Output>
        AccountActionResponse: MessageTypeDefinition<_vigil_cases_v1_AccountActionResponse, _vigil_cases_v1_AccountActionResponse__Output>
        AccountActivity: MessageTypeDefinition<_vigil_cases_v1_AccountActivity, _vigil_cases_v1_AccountActivity__Output>
        AccountDecision: MessageTypeDefinition<_vigil_cases_v1_AccountDecision, _vigil_cases_v1_AccountDecision__Output>
        AccountDispute: MessageTypeDefinition<_vigil_cases_v1_AccountDispute, _vigil_cases_v1_AccountDispute__Output>
        AddNoteRequest: MessageTypeDefinition<_vigil_cases_v1_AddNoteRequest, _vigil_cases_v1_AddNoteRequest__Output>
        Alert: MessageTypeDefinition<_vigil_cases_v1_Alert, _vigil_cases_v1_Alert__Output>
        AssignCaseRequest: MessageTypeDefinition<_vigil_cases_v1_AssignCaseRequest, _vigil_cases_v1_AssignCaseRequest__Output>
        AuditEvent: MessageTypeDefinition<_vigil_cases_v1_AuditEvent, _vigil_cases_v1_AuditEvent__Output>
        Caller: MessageTypeDefinition<_vigil_cases_v1_Caller, _vigil_cases_v1_Caller__Output>
        Case: MessageTypeDefinition<_vigil_cases_v1_Case, _vigil_cases_v1_Case__Output>
        CaseChange: MessageTypeDefinition<_vigil_cases_v1_CaseChange, _vigil_cases_v1_CaseChange__Output>
        CaseService: SubtypeConstructor<typeof grpc.Client, _vigil_cases_v1_CaseServiceClient> & { service: _vigil_cases_v1_CaseServiceDefinition }
        CaseStatus: EnumTypeDefinition
        CaseSummary: MessageTypeDefinition<_vigil_cases_v1_CaseSummary, _vigil_cases_v1_CaseSummary__Output>
        ChangeKind: EnumTypeDefinition
        CountCasesRequest: MessageTypeDefinition<_vigil_cases_v1_CountCasesRequest, _vigil_cases_v1_CountCasesRequest__Output>
        CountCasesResponse: MessageTypeDefinition<_vigil_cases_v1_CountCasesResponse, _vigil_cases_v1_CountCasesResponse__Output>
        CustomerAnswer: MessageTypeDefinition<_vigil_cases_v1_CustomerAnswer, _vigil_cases_v1_CustomerAnswer__Output>
        DecideRuleSetRequest: MessageTypeDefinition<_vigil_cases_v1_DecideRuleSetRequest, _vigil_cases_v1_DecideRuleSetRequest__Output>
        DecisionOutcome: EnumTypeDefinition
        Disposition: EnumTypeDefinition
        GetAccountActivityRequest: MessageTypeDefinition<_vigil_cases_v1_GetAccountActivityRequest, _vigil_cases_v1_GetAccountActivityRequest__Output>
        GetActiveRuleSetRequest: MessageTypeDefinition<_vigil_cases_v1_GetActiveRuleSetRequest, _vigil_cases_v1_GetActiveRuleSetRequest__Output>
        GetActiveRuleSetResponse: MessageTypeDefinition<_vigil_cases_v1_GetActiveRuleSetResponse, _vigil_cases_v1_GetActiveRuleSetResponse__Output>
        GetCaseRequest: MessageTypeDefinition<_vigil_cases_v1_GetCaseRequest, _vigil_cases_v1_GetCaseRequest__Output>
        GetRuleSetRequest: MessageTypeDefinition<_vigil_cases_v1_GetRuleSetRequest, _vigil_cases_v1_GetRuleSetRequest__Output>
        LedgerReason: MessageTypeDefinition<_vigil_cases_v1_LedgerReason, _vigil_cases_v1_LedgerReason__Output>
        ListCasesRequest: MessageTypeDefinition<_vigil_cases_v1_ListCasesRequest, _vigil_cases_v1_ListCasesRequest__Output>
        ListCasesResponse: MessageTypeDefinition<_vigil_cases_v1_ListCasesResponse, _vigil_cases_v1_ListCasesResponse__Output>
        ListOrder: EnumTypeDefinition
        ListRuleSetsRequest: MessageTypeDefinition<_vigil_cases_v1_ListRuleSetsRequest, _vigil_cases_v1_ListRuleSetsRequest__Output>
        ListRuleSetsResponse: MessageTypeDefinition<_vigil_cases_v1_ListRuleSetsResponse, _vigil_cases_v1_ListRuleSetsResponse__Output>
        Note: MessageTypeDefinition<_vigil_cases_v1_Note, _vigil_cases_v1_Note__Output>
        ProposeRuleSetRequest: MessageTypeDefinition<_vigil_cases_v1_ProposeRuleSetRequest, _vigil_cases_v1_ProposeRuleSetRequest__Output>
        RaiseCaseRequest: MessageTypeDefinition<_vigil_cases_v1_RaiseCaseRequest, _vigil_cases_v1_RaiseCaseRequest__Output>
        RaiseCaseResponse: MessageTypeDefinition<_vigil_cases_v1_RaiseCaseResponse, _vigil_cases_v1_RaiseCaseResponse__Output>
        Reason: MessageTypeDefinition<_vigil_cases_v1_Reason, _vigil_cases_v1_Reason__Output>
        ResolveCaseRequest: MessageTypeDefinition<_vigil_cases_v1_ResolveCaseRequest, _vigil_cases_v1_ResolveCaseRequest__Output>
        RollbackRuleSetRequest: MessageTypeDefinition<_vigil_cases_v1_RollbackRuleSetRequest, _vigil_cases_v1_RollbackRuleSetRequest__Output>
        RollbackRuleSetResponse: MessageTypeDefinition<_vigil_cases_v1_RollbackRuleSetResponse, _vigil_cases_v1_RollbackRuleSetResponse__Output>
        RuleChange: MessageTypeDefinition<_vigil_cases_v1_RuleChange, _vigil_cases_v1_RuleChange__Output>
        RuleSetAuditEvent: MessageTypeDefinition<_vigil_cases_v1_RuleSetAuditEvent, _vigil_cases_v1_RuleSetAuditEvent__Output>
        RuleSetDetail: MessageTypeDefinition<_vigil_cases_v1_RuleSetDetail, _vigil_cases_v1_RuleSetDetail__Output>
        RuleSetDiff: MessageTypeDefinition<_vigil_cases_v1_RuleSetDiff, _vigil_cases_v1_RuleSetDiff__Output>
        RuleSetStatus: EnumTypeDefinition
        RuleSetVersion: MessageTypeDefinition<_vigil_cases_v1_RuleSetVersion, _vigil_cases_v1_RuleSetVersion__Output>
        Severity: EnumTypeDefinition
        SeverityCount: MessageTypeDefinition<_vigil_cases_v1_SeverityCount, _vigil_cases_v1_SeverityCount__Output>
        Sla: MessageTypeDefinition<_vigil_cases_v1_Sla, _vigil_cases_v1_Sla__Output>
        Subject: MessageTypeDefinition<_vigil_cases_v1_Subject, _vigil_cases_v1_Subject__Output>
        WatchCasesRequest: MessageTypeDefinition<_vigil_cases_v1_WatchCasesRequest, _vigil_cases_v1_WatchCasesRequest__Output>
        WhoAmIRequest: MessageTypeDefinition<_vigil_cases_v1_WhoAmIRequest, _vigil_cases_v1_WhoAmIRequest__Output>
      }
    }
  }
}

