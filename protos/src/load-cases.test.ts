import { describe, expect, it } from 'vitest';
import { loadCasesPackage, loadCasesPackageDefinition, Severity } from './index.ts';

describe('@vigil/protos', () => {
  it('loads vigil.cases.v1.CaseService with every RPC the contract names', () => {
    const service = loadCasesPackage().vigil.cases.v1.CaseService.service;
    expect(Object.keys(service).sort()).toEqual([
      'AddNote',
      'ApproveRuleSet',
      'AssignCase',
      'CountCases',
      'GetAccountActivity',
      'GetActiveRuleSet',
      'GetCase',
      'GetRuleSet',
      'ListCases',
      'ListRuleSets',
      'LockAccount',
      'ProposeRuleSet',
      'RaiseCase',
      'RejectRuleSet',
      'ResolveCase',
      'RollbackRuleSet',
      'UnlockAccount',
      'WatchCases',
      'WhoAmI',
    ]);
    expect(service.WatchCases.responseStream).toBe(true);
    expect(service.RaiseCase.path).toBe('/vigil.cases.v1.CaseService/RaiseCase');
  });

  it('decodes with the shared options: camelCase fields, enum names, defaults filled in', () => {
    const definition = loadCasesPackageDefinition();
    const summaryType = definition['vigil.cases.v1.CaseSummary'];
    expect(summaryType).toBeDefined();
    const { RaiseCase } = loadCasesPackage(definition).vigil.cases.v1.CaseService.service;
    const bytes = RaiseCase.requestSerialize({
      decisionId: 'd-1',
      outcome: 'DECISION_OUTCOME_BLOCK',
      score: 91,
    });
    const decoded = RaiseCase.requestDeserialize(bytes);
    expect(decoded).toMatchObject({
      decisionId: 'd-1',
      outcome: 'DECISION_OUTCOME_BLOCK',
      score: 91,
      accountId: '',
      reasons: [],
      subject: null,
    });
    expect(Severity.SEVERITY_CRITICAL).toBe('SEVERITY_CRITICAL');
  });
});
