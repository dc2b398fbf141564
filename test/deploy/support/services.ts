import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { caseServiceEnv } from '../../../services/case-service/src/env.ts';
import { notifierEnv } from '../../../services/notifier/src/env.ts';
import { riskEngineEnv } from '../../../services/risk-engine/src/env.ts';
import { buildOutputs } from './dockerfile.ts';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export const SERVICES = ['case-service', 'risk-engine', 'notifier'] as const;
export type Service = (typeof SERVICES)[number];

/** Each service's env schema: the variables it reads. */
export const ENV_SHAPES: Record<Service, Record<string, z.ZodType>> = {
  'case-service': caseServiceEnv.shape,
  'risk-engine': riskEngineEnv.shape,
  notifier: notifierEnv.shape,
};

/** Repo-relative files `pnpm build` writes for a service (services/<svc>/dist/…js). */
export function builtEntries(service: Service): string[] {
  const manifest = JSON.parse(
    readFileSync(join(ROOT, 'services', service, 'package.json'), 'utf8'),
  ) as {
    scripts?: Record<string, string>;
  };
  return buildOutputs(manifest.scripts?.build).map((out) => `services/${service}/${out}`);
}
