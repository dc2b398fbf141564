import { HOUR } from './duration.ts';

// Relative activity by local hour: quiet at night, a lunch bump and an evening peak (card
// networks' published hourly volume curves have this shape).
const HOURLY = [
  0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.7, 1.1, 1.0, 1.0, 1.2, 1.6, 1.3, 1.0, 1.0, 1.1, 1.3, 1.6,
  1.7, 1.5, 1.2, 0.8, 0.4,
];
const MEAN = HOURLY.reduce((a, b) => a + b, 0) / HOURLY.length;

/**
 * Activity at `at` (epoch ms) for someone at UTC offset `utcOffsetHours` whose market runs
 * `peakShiftHours` late (its evening peak that much later); the daily mean is 1.
 */
export function activityAt(at: number, utcOffsetHours: number, peakShiftHours = 0): number {
  const hour = Math.floor((((at / HOUR + utcOffsetHours - peakShiftHours) % 24) + 24) % 24);
  return (HOURLY[hour] ?? MEAN) / MEAN;
}

/** The peak of `activityAt`, the envelope for thinning a Poisson process. */
export const PEAK_ACTIVITY = Math.max(...HOURLY) / MEAN;
