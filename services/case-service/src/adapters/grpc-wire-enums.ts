import type {
  CaseStatus__Output,
  ChangeKind__Output,
  DecisionOutcome__Output,
  Disposition__Output,
  Severity__Output,
} from '@vigil/protos';
import type { DecisionOutcome } from '@vigil/events';
import type { CaseStatus, ChangeKind, Disposition, Severity } from '../domain/case-model.ts';

// Wire enum names are the domain values upper-cased behind a prefix (SEVERITY_HIGH ↔ high); the
// template-literal types make the compiler check that the .proto and the domain agree.
export const toWireSeverity = (s: Severity) =>
  `SEVERITY_${s.toUpperCase()}` as `SEVERITY_${Uppercase<Severity>}` satisfies Severity__Output;
export const toWireStatus = (s: CaseStatus) =>
  `CASE_STATUS_${s.toUpperCase()}` as `CASE_STATUS_${Uppercase<CaseStatus>}` satisfies CaseStatus__Output;
export const toWireDisposition = (d: Disposition | undefined): Disposition__Output =>
  d === undefined
    ? 'DISPOSITION_UNSPECIFIED'
    : (`DISPOSITION_${d.toUpperCase()}` as `DISPOSITION_${Uppercase<Disposition>}`);
export const toWireOutcome = (o: string): DecisionOutcome__Output => {
  const name = `DECISION_OUTCOME_${o.toUpperCase()}`;
  return isOutcomeName(name) ? name : 'DECISION_OUTCOME_UNSPECIFIED';
};
export const toWireChangeKind = (k: ChangeKind) =>
  `CHANGE_KIND_${k.toUpperCase()}` as `CHANGE_KIND_${Uppercase<ChangeKind>}` satisfies ChangeKind__Output;

function isOutcomeName(name: string): name is `DECISION_OUTCOME_${Uppercase<DecisionOutcome>}` {
  return [
    'DECISION_OUTCOME_ALLOW',
    'DECISION_OUTCOME_CHALLENGE',
    'DECISION_OUTCOME_REVIEW',
    'DECISION_OUTCOME_BLOCK',
  ].includes(name);
}

/** `SEVERITY_HIGH` → `high` for a known prefix; undefined for anything else. */
export function fromWire<T extends string>(
  prefix: string,
  values: readonly T[],
  wire: unknown,
): T | undefined {
  if (typeof wire !== 'string' || !wire.startsWith(prefix)) return undefined;
  const value = wire.slice(prefix.length).toLowerCase();
  return values.find((candidate) => candidate === value);
}
