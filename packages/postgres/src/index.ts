export { withTransaction, type Tx } from './with-transaction.ts';
export { runMigrations, type MigrationOptions } from './run-migrations.ts';
