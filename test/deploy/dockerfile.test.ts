import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCopy, parseDockerfile } from './support/dockerfile.ts';
import { builtEntries, ROOT, SERVICES } from './support/services.ts';

const { stages, instructions } = parseDockerfile(
  readFileSync(join(ROOT, 'deploy/docker/Dockerfile'), 'utf8'),
);
const copies = instructions
  .filter((i) => i.keyword === 'COPY')
  .map((i) => ({ ...parseCopy(i.args), stage: i.stage }));
const runtime = stages.length - 1;
const dists = SERVICES.map((service) => `services/${service}/dist`);

describe('deploy/docker/Dockerfile', () => {
  it('copies from the build context only files the repository has', () => {
    const missing = copies
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources)
      .filter((source) => !existsSync(join(ROOT, source)));
    expect(missing).toEqual([]);
  });

  it('copies from earlier stages only, and from the build only what the build writes', () => {
    for (const copy of copies.filter((c) => c.from !== undefined)) {
      const from = stages.findIndex((stage) => stage.name === copy.from);
      expect(from, `stage ${String(copy.from)}`).toBeGreaterThanOrEqual(0);
      expect(from).toBeLessThan(copy.stage);
    }
    const fromBuild = copies.filter((c) => c.from === 'build').flatMap((c) => c.sources);
    expect(fromBuild.map((source) => source.replace(/^\/app\//, ''))).toEqual(dists);
  });

  it('runs as the node user with node as PID 1 on a built entry point', () => {
    const final = instructions.filter((i) => i.stage === runtime);
    expect(final.filter((i) => i.keyword === 'USER').map((i) => i.args)).toEqual(['node']);
    const cmd = JSON.parse(final.find((i) => i.keyword === 'CMD')?.args ?? '[]') as string[];
    expect(cmd[0]).toBe('node');
    expect(builtEntries('risk-engine')).toContain(cmd.at(-1));
    expect(final.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
    // The runtime stage is the base image plus copies: no tsx, pnpm or dev dependencies in it.
    expect(stages[runtime]?.image).toMatch(/^node:20/);
    expect(final.filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('puts every built service and the files it reads in the runtime stage', () => {
    const destinations = copies
      .filter((c) => c.stage === runtime)
      .map((c) => c.dest.replace(/^\.\//, ''));
    expect(destinations).toEqual(
      expect.arrayContaining([
        ...dists,
        'protos/vigil',
        'services/case-service/migrations',
        'services/notifier/migrations',
        'services/risk-engine/config',
        'services/risk-engine/src/adapters/lua',
      ]),
    );
  });
});
