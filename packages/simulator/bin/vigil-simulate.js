#!/usr/bin/env node
// Runs the TypeScript entry point through tsx (workspace packages ship TS source, no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/simulate-main.ts');
