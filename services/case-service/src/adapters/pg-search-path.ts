import { VigilError } from '@vigil/errors';

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The connection URL with `-c search_path=<schema>` appended to its `options` parameter. The
 * schema goes into the URL rather than the pool's `options` because pg lets a URL's options
 * replace the pool's; appended last, it wins over a search_path the URL already sets, and other
 * options (statement_timeout…) stay.
 */
export function withSearchPath(databaseUrl: string, schema: string): string {
  if (!PLAIN_IDENTIFIER.test(schema)) {
    throw new VigilError('INVALID_CONFIG', `not a lower-case SQL identifier: ${schema}`, {
      retryable: false,
    });
  }
  const url = new URL(databaseUrl);
  const existing = url.searchParams.get('options');
  const searchPath = `-c search_path=${schema}`;
  url.searchParams.set(
    'options',
    existing === null || existing.trim() === '' ? searchPath : `${existing} ${searchPath}`,
  );
  return url.toString();
}
