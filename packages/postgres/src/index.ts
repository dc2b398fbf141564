export { withTransaction, type Tx, type TransactionOptions } from './with-transaction.ts';
export { runMigrations, type MigrationOptions } from './run-migrations.ts';
export { preparedStatement, type PreparedStatement } from './prepared-statement.ts';
