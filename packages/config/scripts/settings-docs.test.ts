import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSection } from './settings-docs/readme-section.ts';
import {
  listServices,
  loadServiceSettings,
  renderServiceSettings,
} from './settings-docs/service-settings.ts';

// The READMEs' settings tables are generated; this fails when a schema changed without them.
describe.each(listServices())('%s settings reference', (service) => {
  it('documents every setting in src/env.ts', async () => {
    const settings = await loadServiceSettings(service);
    expect(
      settings.undocumented,
      `add a /** … */ comment to these settings in services/${service}/src/env.ts`,
    ).toEqual([]);
  });

  it('matches the table in its README', async () => {
    const settings = await loadServiceSettings(service);
    const section = readSection(readFileSync(settings.readmePath, 'utf8'));
    expect(
      section,
      `services/${service}/README.md is out of date: run \`pnpm settings:docs\``,
    ).toBe(renderServiceSettings(settings));
  });
});
