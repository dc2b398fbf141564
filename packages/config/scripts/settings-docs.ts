// `pnpm settings:docs`: writes each service's settings table into its README, between the
// settings markers, from the service's zod env schema and the doc comments of its properties.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { replaceSection } from './settings-docs/readme-section.ts';
import {
  listServices,
  loadServiceSettings,
  renderServiceSettings,
  REPO_ROOT,
} from './settings-docs/service-settings.ts';

let failed = false;
for (const service of listServices()) {
  const settings = await loadServiceSettings(service);
  if (settings.undocumented.length > 0) {
    console.error(
      `${service}: add a /** … */ comment to ${settings.undocumented.join(', ')} in src/env.ts`,
    );
    failed = true;
    continue;
  }
  const readme = readFileSync(settings.readmePath, 'utf8');
  const next = replaceSection(readme, renderServiceSettings(settings));
  const path = relative(REPO_ROOT, settings.readmePath);
  if (next === readme) {
    console.log(`${path}: up to date`);
  } else {
    writeFileSync(settings.readmePath, next);
    console.log(`${path}: settings table written`);
  }
}
process.exitCode = failed ? 1 : 0;
