/**
 * Sliding windows on event time, the arithmetic shared by the Redis Lua script and its reference
 * model. A window of W ms (a multiple of its bucket B) as of an event at `at` is (at − W, at]:
 * every event recorded with a time in it counts, none at or before at − W, none after `at`. It
 * is read from fixed buckets: the ones wholly inside, plus the bucket holding at − W and the
 * bucket holding `at`, both cut at the exact instant by their detail (see bucket-detail.ts).
 */
export function bucketIndex(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs);
}

/** Default bucket: about 1/12 of the window, at least one second, always dividing the window. */
export function defaultBucketMs(windowMs: number): number {
  const candidates = [
    1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  ];
  // An odd window (e.g. 1500 ms): one bucket the size of the window, cut exactly at both ends.
  let best = windowMs % 1_000 === 0 ? 1_000 : windowMs;
  for (const candidate of candidates)
    if (candidate * 12 <= windowMs && windowMs % candidate === 0) best = candidate;
  return best;
}

// en-CA formats a day as YYYY-MM-DD; en-GB with h23 a time of day as HH:MM.
const FORMATS = {
  day: ['en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }],
  time: ['en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }],
} as const satisfies Record<string, readonly [string, Intl.DateTimeFormatOptions]>;
/**
 * How long a formatted value stays the same, from a multiple of it in UTC: every zone's offset
 * today is a whole number of quarter hours (Kathmandu +05:45, Chatham +12:45), and it changes
 * only on such an instant, so a local day starts on a UTC quarter hour and a local minute on a
 * UTC minute.
 */
const SLOT_MS = { day: 900_000, time: 60_000 } as const satisfies Record<
  keyof typeof FORMATS,
  number
>;

interface ZoneFormatter {
  format: Intl.DateTimeFormat;
  slotMs: number;
  /** The slot formatted last and its text: events come mostly in time order, many per slot. */
  slot: number;
  text: string;
}

const formatters = new Map<string, ZoneFormatter>();

/** An instant formatted in an IANA time zone; one formatter per zone and format, built once. */
export function formatInZone(at: number, timeZone: string, format: keyof typeof FORMATS): string {
  const key = `${format} ${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const [locale, options] = FORMATS[format];
    formatter = {
      format: new Intl.DateTimeFormat(locale, { timeZone, ...options }),
      slotMs: SLOT_MS[format],
      slot: Number.NaN,
      text: '',
    };
    formatters.set(key, formatter);
  }
  const slot = Math.floor(at / formatter.slotMs);
  if (slot !== formatter.slot) {
    formatter.text = formatter.format.format(new Date(at));
    formatter.slot = slot;
  }
  return formatter.text;
}

/** Calendar day (YYYY-MM-DD) of an instant in an IANA time zone: daily totals reset at local midnight. */
export function localDay(at: number, timeZone: string): string {
  return formatInZone(at, timeZone, 'day');
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
