import { describe, expect, it } from 'vitest';
import { withSearchPath } from './pg-search-path.ts';

describe('withSearchPath', () => {
  it('adds the schema without losing the rest of the URL', () => {
    const url = new URL(withSearchPath('postgres://u@h:5/db?sslmode=disable', 'cases'));
    expect(url.searchParams.get('sslmode')).toBe('disable');
    expect(url.searchParams.get('options')).toBe('-c search_path=cases');
  });

  it('keeps existing options and puts its search_path last, where it wins', () => {
    const base =
      'postgres://u@h:5/db?options=-c%20statement_timeout%3D5000%20-c%20search_path%3Dold';
    expect(new URL(withSearchPath(base, 'cases')).searchParams.get('options')).toBe(
      '-c statement_timeout=5000 -c search_path=old -c search_path=cases',
    );
  });

  it('refuses a schema that would need quoting', () => {
    expect(() => withSearchPath('postgres://h/db', 'Cases; drop')).toThrow(
      /lower-case SQL identifier/,
    );
  });
});
