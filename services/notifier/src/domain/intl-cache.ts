/**
 * Intl formatters are costly to build (ICU data lookups: a DateTimeFormat is ~50× a format
 * call) and notices are rendered by the thousand with a handful of locales, zones and
 * currencies. A cache per kind of formatter, keyed by its options, bounded so that arbitrary
 * zone or currency strings from upstream cannot grow it without limit.
 */
const MAX_ENTRIES = 512;

export function intlCache<T>(): (key: string, create: () => T) => T {
  const entries = new Map<string, T>();
  return (key, create) => {
    const found = entries.get(key);
    if (found !== undefined) return found;
    const made = create();
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    entries.set(key, made);
    return made;
  };
}
