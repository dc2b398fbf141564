// Original file: vigil/cases/v1/cases.proto

import type { DecisionOutcome as _vigil_cases_v1_DecisionOutcome, DecisionOutcome__Output as _vigil_cases_v1_DecisionOutcome__Output } from '../../../vigil/cases/v1/DecisionOutcome.ts';
import type { Severity as _vigil_cases_v1_Severity, Severity__Output as _vigil_cases_v1_Severity__Output } from '../../../vigil/cases/v1/Severity.ts';
import type { Reason as _vigil_cases_v1_Reason, Reason__Output as _vigil_cases_v1_Reason__Output } from '../../../vigil/cases/v1/Reason.ts';
import type { Subject as _vigil_cases_v1_Subject, Subject__Output as _vigil_cases_v1_Subject__Output } from '../../../vigil/cases/v1/Subject.ts';

export interface Alert {
  'alertId'?: (string);
  'decisionId'?: (string);
  'eventId'?: (string);
  'eventType'?: (string);
  'score'?: (number | string);
  'outcome'?: (_vigil_cases_v1_DecisionOutcome);
  'severity'?: (_vigil_cases_v1_Severity);
  'reasons'?: (_vigil_cases_v1_Reason)[];
  'subject'?: (_vigil_cases_v1_Subject | null);
  'occurredAt'?: (string);
  'decidedAt'?: (string);
  'createdAt'?: (string);
}

export interface Alert__Output {
  'alertId': (string);
  'decisionId': (string);
  'eventId': (string);
  'eventType': (string);
  'score': (number);
  'outcome': (_vigil_cases_v1_DecisionOutcome__Output);
  'severity': (_vigil_cases_v1_Severity__Output);
  'reasons': (_vigil_cases_v1_Reason__Output)[];
  'subject': (_vigil_cases_v1_Subject__Output | null);
  'occurredAt': (string);
  'decidedAt': (string);
  'createdAt': (string);
}
