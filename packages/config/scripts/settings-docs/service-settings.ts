import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { describeRequirement, refinementMessages } from './describe-requirement.ts';
import { readSettingComments } from './read-setting-comments.ts';
import { renderSettingsTable, type SettingRow } from './settings-table.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ServiceSettings {
  service: string;
  readmePath: string;
  rows: SettingRow[];
  /** Settings without a doc comment: the table would have nothing to say about them. */
  undocumented: string[];
}

/** Every service with a `src/env.ts`. */
export function listServices(root: string = REPO_ROOT): string[] {
  const servicesDir = join(root, 'services');
  return readdirSync(servicesDir)
    .filter((name) => existsSync(join(servicesDir, name, 'src', 'env.ts')))
    .sort();
}

/** The schema's export name by convention: `risk-engine` → `riskEngineEnv`. */
export function schemaExportName(service: string): string {
  return `${service.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}Env`;
}

/**
 * A service's settings: names, requirement and rules from the runtime schema (what start-up
 * enforces), meaning from the doc comments in the source (the runtime keeps no comments).
 */
export async function loadServiceSettings(
  service: string,
  root: string = REPO_ROOT,
): Promise<ServiceSettings> {
  const dir = join(root, 'services', service);
  const envFile = join(dir, 'src', 'env.ts');
  const exportName = schemaExportName(service);
  const loaded = (await import(pathToFileURL(envFile).href)) as Record<string, unknown>;
  const schema = loaded[exportName];
  if (!(schema instanceof z.ZodObject)) {
    throw new Error(`${envFile} must export its env schema as ${exportName} (a z.object)`);
  }
  const shape = schema.shape as Record<string, z.core.$ZodType>;
  const comments = readSettingComments(envFile, exportName);
  const inSource = comments.map((comment) => comment.name).sort();
  const inSchema = Object.keys(shape).sort();
  if (inSource.join() !== inSchema.join()) {
    throw new Error(
      `${envFile}: source properties [${inSource.join()}] differ from the schema's [${inSchema.join()}]`,
    );
  }
  const rules = refinementMessages(schema);
  const rows = comments.map(({ name, doc }): SettingRow => ({
    name,
    requirement: describeRequirement(shape[name]!, dir),
    rules: rules.filter((message) => new RegExp(`\\b${name}\\b`).test(message)),
    meaning: doc ?? '',
  }));
  return {
    service,
    readmePath: join(dir, 'README.md'),
    rows,
    undocumented: comments
      .filter((comment) => comment.doc === undefined)
      .map((comment) => comment.name),
  };
}

export function renderServiceSettings(settings: ServiceSettings): string {
  return renderSettingsTable(settings.rows);
}
