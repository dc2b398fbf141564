import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * A statement the services run on every batch, sent as a named prepared statement: PostgreSQL
 * parses and analyses it once per connection and, once a generic plan costs no more than the
 * custom ones (PostgreSQL decides after five runs), stops planning it on every call: a third
 * of PostgreSQL's CPU under live load was parsing and planning (test/bench/results/performance-log.md, "Live, the whole stack").
 *
 * Only for texts fixed in the code: each distinct text stays prepared on every pooled
 * connection for the connection's life. A cached plan cannot change its result columns, so a
 * prepared statement names the columns it reads rather than `SELECT *` (a migration adding a
 * column while the service runs would otherwise fail every call until a restart).
 */
export interface PreparedStatement {
  /** A readable label and a hash of the text: two texts never share a name. */
  readonly name: string;
  readonly text: string;
  /** One run of the statement with these parameters, for `pool.query` / `client.query`. */
  with(values: unknown[]): pg.QueryConfig<unknown[]>;
}

export function preparedStatement(label: string, text: string): PreparedStatement {
  if (!/^[a-z][a-z0-9_]*$/.test(label))
    throw new Error(`prepared statement label "${label}": lowercase letters, digits and _ only`);
  const name = `${label}_${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  return {
    name,
    text,
    with: (values) => ({ name, text, values }),
  };
}
