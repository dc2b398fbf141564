export * from './primitives.ts';
export * from './inbound-events.ts';
export * from './outbound-events.ts';
export * from './topic-catalog.ts';
export * from './json-schema.ts';
export * from './arbitraries.ts';
export * from './invalid-arbitraries.ts';
