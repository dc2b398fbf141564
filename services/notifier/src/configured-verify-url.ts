import type { Logger } from 'pino';
import type { NotifierEnv } from './env.ts';

/**
 * Where verification links point. Without PUBLIC_VERIFY_URL they follow the port the pages
 * actually listen on (HTTP_PORT may be 0 or not 8080), so a local run's links open; a
 * deployment that forgot the setting is told at start-up, since its customers could not.
 */
export function verifyUrlOf(
  env: Pick<NotifierEnv, 'PUBLIC_VERIFY_URL'>,
  listeningPort: number,
  logger: Pick<Logger, 'warn'>,
): string {
  if (env.PUBLIC_VERIFY_URL !== undefined) return env.PUBLIC_VERIFY_URL;
  const local = `http://127.0.0.1:${listeningPort}/verify`;
  logger.warn(
    { verifyUrl: local },
    'PUBLIC_VERIFY_URL unset: verification links point at this machine only; set it to the public URL of /verify',
  );
  return local;
}
