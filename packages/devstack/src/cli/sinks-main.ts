import { once } from 'node:events';
import { startLocalSinks } from '../sinks/local-sinks.ts';
import { parseSinksArgs, SINKS_USAGE } from '../sinks/sinks-args.ts';

/**
 * Runs the local sinks until SIGINT/SIGTERM and prints the notifier settings that point at them,
 * so a notifier started from its README delivers somewhere a person can read.
 */
export async function runSinks(argv: string[]): Promise<number> {
  let ports: ReturnType<typeof parseSinksArgs>;
  try {
    ports = parseSinksArgs(argv);
  } catch (error) {
    process.stderr.write(
      `${error instanceof Error ? error.message : String(error)}\n${SINKS_USAGE}\n`,
    );
    return 2;
  }
  if (ports === 'help') {
    process.stdout.write(`${SINKS_USAGE}\n`);
    return 0;
  }
  const sinks = await startLocalSinks({ ports });
  process.stdout.write(
    [
      'local sinks ready; give the notifier:',
      `  SMTP_HOST=${sinks.smtp.host} SMTP_PORT=${sinks.smtp.port}`,
      `  SMS_WEBHOOK_URL=${sinks.webhooks.smsUrl}`,
      `  PUSH_WEBHOOK_URL=${sinks.webhooks.pushUrl}`,
      `what customers were sent: ${sinks.capture.url} (Ctrl-C stops)`,
      '',
    ].join('\n'),
  );
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await sinks.close();
  return 0;
}
