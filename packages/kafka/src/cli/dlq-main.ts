import pino from 'pino';
import { createLogger } from '@vigil/observability';
import { ZodError } from 'zod';
import { readDeadLetters, redriveDeadLetters } from '../dead-letter-redrive.ts';
import { createKafkaClient } from '../kafka-client.ts';
import { requireReachableBrokers, rootMessage } from './broker-preflight.ts';
import { parseDlqArgs, DLQ_USAGE, type DlqArgs } from './dlq-args.ts';
import { deadLetterJson, deadLetterLine } from './dlq-format.ts';
import { NewestLetters } from './newest-letters.ts';

/** Composition root of vigil-dlq: inspect a dead-letter topic, or put its records back. */
async function main(): Promise<number> {
  let args: DlqArgs | 'help';
  try {
    args = parseDlqArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ZodError) && !(error instanceof TypeError)) throw error;
    console.error(
      `${error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') : error.message}\n\n${DLQ_USAGE}`,
    );
    return 2;
  }
  if (args === 'help') {
    console.log(DLQ_USAGE);
    return 0;
  }
  // Logs go to stderr: stdout is the letters (`--json` is read by scripts).
  const logger = createLogger({
    service: 'vigil-dlq',
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: pino.destination({ dest: 2, sync: true }),
  });
  await requireReachableBrokers(args.brokers, logger);
  const kafka = createKafkaClient({ clientId: 'vigil-dlq', brokers: args.brokers, logger });
  if (args.command === 'list') {
    const { limit, json } = args;
    const byCode = new Map<string, number>();
    const newest = new NewestLetters(limit);
    let invalid = 0;
    let again = 0;
    await readDeadLetters({
      kafka,
      topic: args.topic,
      onLetter: (letter) => {
        byCode.set(letter.errorCode, (byCode.get(letter.errorCode) ?? 0) + 1);
        if (letter.redrivenFrom !== undefined) again += 1;
        newest.add(letter);
      },
      onInvalid: () => void (invalid += 1),
    });
    const shown = newest.oldestFirst();
    for (const letter of shown)
      console.log(json ? JSON.stringify(deadLetterJson(letter)) : deadLetterLine(letter));
    const total = [...byCode.values()].reduce((a, b) => a + b, 0);
    console.error(
      `${total} dead letters in ${args.topic}${total > shown.length ? ` (the ${shown.length} most recent shown)` : ''}` +
        [...byCode].map(([code, n]) => `\n  ${code}: ${n}`).join('') +
        (invalid > 0 ? `\n  ${invalid} records without dead-letter headers` : '') +
        (again > 0
          ? `\n  ${again} of them failed again after a redrive: fix their cause before redriving` +
            ' (a redrive puts every letter the group has not redriven yet back, these too)'
          : ''),
    );
    return 0;
  }
  const result = await redriveDeadLetters({
    kafka,
    topic: args.topic,
    groupId: args.group ?? `vigil-dlq-redrive.${args.topic}`,
    to: args.to,
    logger,
  });
  const total = [...result.byTopic.values()].reduce((a, b) => a + b, 0);
  console.log(
    `redrove ${total} dead letters from ${args.topic}` +
      [...result.byTopic].map(([topic, n]) => `\n  ${topic}: ${n}`).join(''),
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A Vigil or kafkajs error in one line, with its innermost cause when the message does not
    // already say it (kafkajs wraps the connection error); anything else, a bug, with its stack.
    const known = error instanceof Error && ('code' in error || error.name.startsWith('KafkaJS'));
    const root = rootMessage(error);
    if (!known) console.error(error);
    else
      console.error(
        `error: ${error.message.includes(root) ? error.message : `${error.message}: ${root}`}`,
      );
    process.exitCode = 1;
  },
);
