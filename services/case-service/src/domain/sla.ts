export interface SlaFields {
  ageSeconds: number;
  firstActionAt: Date | undefined;
  timeToFirstActionSeconds: number | undefined;
  timeToResolutionSeconds: number | undefined;
}

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/** Age stops at resolution so a closed case's age is how long it stayed open. */
export function computeSla(
  times: { createdAt: Date; firstActionAt: Date | undefined; resolvedAt: Date | undefined },
  now: Date,
): SlaFields {
  return {
    ageSeconds: seconds(times.createdAt, times.resolvedAt ?? now),
    firstActionAt: times.firstActionAt,
    timeToFirstActionSeconds: times.firstActionAt
      ? seconds(times.createdAt, times.firstActionAt)
      : undefined,
    timeToResolutionSeconds: times.resolvedAt
      ? seconds(times.createdAt, times.resolvedAt)
      : undefined,
  };
}
