import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d)$/;

/** Parses "90s", "10m", "24h", "30d" or a plain number of milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2] as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

/** Rule-set files say "10m" rather than 600000 so a reviewer can read the window at a glance. */
export const duration = z.union([
  z.number().int().positive(),
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: 'duration like 90s, 10m, 24h, 30d or milliseconds' });
      return z.NEVER;
    }
    return ms;
  }),
]);

// Largest first: what both human forms below pick units from.
const UNITS_LARGEST_FIRST = [
  ['d', UNIT_MS.d],
  ['h', UNIT_MS.h],
  ['m', UNIT_MS.m],
  ['s', UNIT_MS.s],
] as const;

/** Human form of a window for messages: 600000 → "10m". */
export function formatDuration(ms: number): string {
  for (const [unit, size] of UNITS_LARGEST_FIRST) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * Human form of a time that is rarely whole (a TTL left): its two largest units, a zero second
 * one left out. 2591998000 → "29d 23h", 3600000 → "1h", 40000 → "40s".
 */
export function formatTimeLeft(ms: number): string {
  const i = UNITS_LARGEST_FIRST.findIndex(([, size]) => ms >= size);
  if (i === -1) return `${ms}ms`;
  const [unit, size] = UNITS_LARGEST_FIRST[i]!;
  const first = `${Math.floor(ms / size)}${unit}`;
  const next = UNITS_LARGEST_FIRST[i + 1];
  const second = next ? Math.floor((ms % size) / next[1]) : 0;
  return second > 0 ? `${first} ${second}${next![0]}` : first;
}
