import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The built web app as it ships (the integration setup runs `pnpm build` first).
const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');
const html = readFileSync(join(web, 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

describe('built web app', () => {
  it('loads only its own files: no inline script, nothing from another origin', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="/);
    expect(assets.every((a) => a.startsWith('/assets/'))).toBe(true);
  });

  it('keeps the first page under 250 KB gzipped (script and stylesheet)', () => {
    const gzipped = assets.reduce(
      (total, asset) => total + gzipSync(readFileSync(join(web, asset))).length,
      0,
    );
    expect(gzipped).toBeLessThan(250 * 1024);
  });
});
