// Original file: vigil/cases/v1/cases.proto


export interface Sla {
  /**
   * Seconds from opening to now (or to resolution once resolved).
   */
  'ageSeconds'?: (number | string);
  'firstActionAt'?: (string);
  'timeToFirstActionSeconds'?: (number | string);
  'timeToResolutionSeconds'?: (number | string);
  '_firstActionAt'?: "firstActionAt";
  '_timeToFirstActionSeconds'?: "timeToFirstActionSeconds";
  '_timeToResolutionSeconds'?: "timeToResolutionSeconds";
}

export interface Sla__Output {
  /**
   * Seconds from opening to now (or to resolution once resolved).
   */
  'ageSeconds': (number);
  'firstActionAt'?: (string);
  'timeToFirstActionSeconds'?: (number);
  'timeToResolutionSeconds'?: (number);
  '_firstActionAt'?: "firstActionAt";
  '_timeToFirstActionSeconds'?: "timeToFirstActionSeconds";
  '_timeToResolutionSeconds'?: "timeToResolutionSeconds";
}
