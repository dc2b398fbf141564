import type pg from 'pg';

export type Tx = pg.PoolClient;

export interface TransactionOptions {
  /**
   * Settings for this transaction only (SET LOCAL), sent with its BEGIN in one round trip. Names
   * are PostgreSQL parameter names; values are quoted as literals.
   */
  settings?: Readonly<Record<string, string>>;
}

const PARAMETER_NAME = /^[a-z_][a-z0-9_.]*$/;

/** `BEGIN`, then a SET LOCAL per setting: one simple-protocol query. */
function beginStatement(settings: Readonly<Record<string, string>> = {}): string {
  const sets = Object.entries(settings).map(([name, value]) => {
    if (!PARAMETER_NAME.test(name)) throw new Error(`not a PostgreSQL parameter name: ${name}`);
    return `SET LOCAL ${name} = '${value.replaceAll("'", "''")}'`;
  });
  return ['BEGIN', ...sets].join('; ');
}

/** Runs `work` in one transaction; rolls back on any error and always releases the client. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(beginStatement(options.settings));
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
