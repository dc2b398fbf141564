import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildService, outputFor } from './build-service.ts';
import { packageName } from './external-plugin.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway service: package.json plus files under src/. */
function fixture(dependencies: Record<string, string>, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-build-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fixture', type: 'module', dependencies }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('buildService', () => {
  it('maps src entries to dist and names packages by their root', () => {
    expect(outputFor('src/main.ts')).toBe('dist/main.js');
    expect(outputFor('src/cli/migrate.ts')).toBe('dist/cli/migrate.js');
    expect(() => outputFor('scripts/x.ts')).toThrow(/not under src/);
    expect(packageName('@grpc/grpc-js/build/x')).toBe('@grpc/grpc-js');
    expect(packageName('pg')).toBe('pg');
  });

  it('keeps each module locating its files from its source folder', async () => {
    const dir = fixture(
      {},
      {
        'src/adapters/asset-url.ts':
          "export const assetUrl = new URL('./lua/x.lua', import.meta.url).href;",
        'src/cli/where.ts':
          "import { assetUrl } from '../adapters/asset-url.ts';\nexport const where = assetUrl;",
      },
    );
    await buildService(dir, ['src/cli/where.ts']);
    const built = (await import(pathToFileURL(join(dir, 'dist/cli/where.js')).href)) as {
      where: string;
    };
    expect(built.where).toBe(pathToFileURL(join(dir, 'src/adapters/lua/x.lua')).href);
  });

  it('makes every bundle a command node runs (a package bin may point at it)', async () => {
    const dir = fixture({}, { 'src/cli/hello.ts': "process.stdout.write('hello');" });
    await buildService(dir, ['src/cli/hello.ts']);
    const out = join(dir, 'dist/cli/hello.js');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(out).mode & 0o111).toBe(0o111);
    expect(execFileSync(out, { encoding: 'utf8' })).toBe('hello');
  });

  it('fails when the bundle imports a package the service does not depend on', async () => {
    const dir = fixture(
      { zod: '1' },
      {
        'src/main.ts': "import pg from 'pg';\nimport { z } from 'zod';\nexport const x = [pg, z];",
      },
    );
    await expect(buildService(dir, ['src/main.ts'])).rejects.toThrow(
      /the bundles import pg, missing from its "dependencies"/,
    );
  });
});
