export { withTransaction, type Tx } from './with-transaction.ts';
export { runMigrations, type MigrationOptions } from './run-migrations.ts';
export { preparedStatement, type PreparedStatement } from './prepared-statement.ts';
