import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LOGO_BYTES, readLogoDataUri } from './file-brand-logo.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-logo-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('brand logo file', () => {
  it('inlines an SVG or PNG as a data: URI', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>';
    expect(await readLogoDataUri(file('logo.svg', svg))).toBe(
      `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    );
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(await readLogoDataUri(file('logo.PNG', png))).toMatch(
      /^data:image\/png;base64,iVBORw0KGgo/,
    );
  });

  it('stops start-up on a missing, oversized or mislabelled file, as a non-retryable config error', async () => {
    const refused = { code: 'CONFIG_INVALID', retryable: false };
    await expect(readLogoDataUri(join(dir, 'missing.png'))).rejects.toMatchObject(refused);
    await expect(
      readLogoDataUri(file('big.svg', `<svg>${' '.repeat(MAX_LOGO_BYTES)}</svg>`)),
    ).rejects.toMatchObject({ ...refused, message: expect.stringContaining('larger') as string });
    await expect(readLogoDataUri(file('fake.png', '<svg></svg>'))).rejects.toMatchObject({
      ...refused,
      message: expect.stringContaining('image/png') as string,
    });
    await expect(readLogoDataUri(file('notes.txt', 'hello'))).rejects.toMatchObject(refused);
  });
});
