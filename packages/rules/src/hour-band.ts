import { formatInZone } from './windows.ts';

/**
 * The two-hour bands of the day an instant falls in, as attribute values: `hour_band` starts at
 * even UTC hours (14 = 14:00–15:59), `hour_band_offset` one hour earlier (13 = 13:00–14:59; 23 =
 * 23:00–00:59). An instant shares a band of one kind or the other with every instant of the day
 * less than an hour of clock time from it (and with none more than two hours away), so "neither
 * band was ever recorded" reads "the account was never active within an hour of this time of day".
 *
 * UTC, not the account's zone: a band only has to be the same for the same time of day of one
 * account, and an account's zone is fixed, so which hours are new does not depend on the frame
 * (a daylight-saving change moves a habit by one hour, inside the tolerance). Rules show the hour
 * in the account's zone (`localHour`).
 */
export function hourBand(at: number, offset: boolean): string {
  const hour = new Date(at).getUTCHours();
  if (!offset) return String(hour - (hour % 2));
  const shifted = (hour + 1) % 24;
  return String((shifted - (shifted % 2) + 23) % 24);
}

/** Local time of day (HH:MM) of an instant in an IANA time zone, for reasons. */
export function localTimeOfDay(at: number, timeZone: string): string {
  return formatInZone(at, timeZone, 'time');
}
