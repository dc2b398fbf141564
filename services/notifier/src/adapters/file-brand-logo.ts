import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { notifierError } from '../errors.ts';

/** Inlined into every page: big enough for a crisp header logo, small enough to load on 3G. */
export const MAX_LOGO_BYTES = 64 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** Enough of each format's signature to catch a logo setting pointing at the wrong file. */
function looksLike(type: string, bytes: Buffer): boolean {
  switch (type) {
    case 'image/png':
      return bytes
        .subarray(0, 8)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'image/jpeg':
      return bytes[0] === 0xff && bytes[1] === 0xd8;
    case 'image/webp':
      return (
        bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
        bytes.subarray(8, 12).toString('latin1') === 'WEBP'
      );
    default:
      return /<svg[\s>]/i.test(bytes.toString('utf8'));
  }
}

/**
 * Reads the brand logo once at start-up as a `data:` URI. The page's CSP allows `data:` images
 * and nothing external, and an SVG inside <img> never runs scripts. A missing, oversized or
 * mislabelled file stops start-up (not retryable) rather than showing a broken image to customers.
 */
export async function readLogoDataUri(path: string): Promise<string> {
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  const invalid = (reason: string, cause?: unknown) =>
    notifierError('CONFIG_INVALID', `BRAND_LOGO_FILE ${path}: ${reason}`, {
      retryable: false,
      cause,
    });
  if (type === undefined) throw invalid('not a .png, .svg, .jpg or .webp file');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw invalid('cannot be read', cause);
  }
  if (bytes.length > MAX_LOGO_BYTES) throw invalid(`larger than ${MAX_LOGO_BYTES} bytes`);
  if (!looksLike(type, bytes)) throw invalid(`does not look like ${type}`);
  return `data:${type};base64,${bytes.toString('base64')}`;
}
