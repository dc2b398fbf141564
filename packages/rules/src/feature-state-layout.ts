/**
 * Sizes of the feature state that the Redis script (which has them written into it) and the
 * in-memory reference model share: changing one changes what is stored, so both change together.
 */

/** Events whose offsets a counter bucket (or a daily hour) remembers; past that only their range. */
export const BUCKET_DETAIL_ENTRIES = 8;

/** A local day's total is kept in hourly slots, so an event can read its day as of its own time. */
export const DAILY_SLOT_MS = 3_600_000;

/** How many of the newest records a last_event feature keeps (by event time). */
export const LAST_EVENT_RECORDS = 4;

/**
 * Default lateness horizon: state is kept long enough to answer, exactly, events up to this late
 * (behind the newest event of the same state); later ones may under-count.
 */
export const DEFAULT_LATENESS_HORIZON_MS = 3_600_000;

/**
 * Cap on the buckets a counter keeps beyond its window for late events (an hour of 5 s buckets),
 * so a short-bucket counter with a long horizon stays bounded; past it, late events may under-count.
 */
export const MAX_LATE_BUCKETS = 720;
