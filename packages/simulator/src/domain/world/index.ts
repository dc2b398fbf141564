export * from './countries.ts';
export * from './identifiers.ts';
export * from './merchants.ts';
export * from './markets.ts';
