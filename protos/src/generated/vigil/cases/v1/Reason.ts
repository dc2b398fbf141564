// Original file: vigil/cases/v1/cases.proto


/**
 * One fired rule of a risk decision (risk.decisions.v1 `reasons[]`). Observed values and
 * thresholds travel as their string form ("7", "JP").
 */
export interface Reason {
  'rule'?: (string);
  'score'?: (number | string);
  'message'?: (string);
  'observed'?: (string);
  'threshold'?: (string);
  '_observed'?: "observed";
  '_threshold'?: "threshold";
}

/**
 * One fired rule of a risk decision (risk.decisions.v1 `reasons[]`). Observed values and
 * thresholds travel as their string form ("7", "JP").
 */
export interface Reason__Output {
  'rule': (string);
  'score': (number);
  'message': (string);
  'observed'?: (string);
  'threshold'?: (string);
  '_observed'?: "observed";
  '_threshold'?: "threshold";
}
