import { parseArgs } from 'node:util';
import { z } from 'zod';
import { brokerList as brokers } from '@vigil/config';

export const dlqArgs = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('list'),
    topic: z.string().regex(/\.dlq$/, 'a dead-letter topic (<topic>.dlq)'),
    brokers,
    limit: z.coerce.number().int().positive().default(50),
    json: z.boolean().default(false),
  }),
  z.object({
    command: z.literal('redrive'),
    topic: z.string().regex(/\.dlq$/, 'a dead-letter topic (<topic>.dlq)'),
    brokers,
    to: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
  }),
]);
export type DlqArgs = z.infer<typeof dlqArgs>;

export const DLQ_USAGE = `vigil-dlq list <topic>.dlq [--limit 50] [--json] [--brokers h:p,...]
vigil-dlq redrive <topic>.dlq [--to TOPIC] [--group NAME] [--brokers h:p,...]

  list      the --limit most recent dead letters of a topic, oldest first across its
            partitions: where each came from, when and why it failed, its key and value; then
            the count per error code of all of them (reads only)
  redrive   puts every dead letter up to the topic's current end back on the topic it failed on
            (or --to), byte for byte plus a vigil-redriven-from header, in Kafka transactions with
            the consumer group's offsets: once per --group (default vigil-dlq-redrive.<topic>),
            even across a crash or a second run. Fix the cause first: a record that fails again
            is dead-lettered again, after the end this run stops at.
  --brokers  Kafka bootstrap (default $KAFKA_BROKERS or 127.0.0.1:9092)`;

/** The command line, or 'help'; throws a ZodError naming what is wrong. */
export function parseDlqArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): DlqArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      brokers: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      to: { type: 'string' },
      group: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) return 'help';
  const [command, topic] = positionals;
  return dlqArgs.parse({
    ...values,
    command,
    topic,
    brokers: values.brokers ?? env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  });
}
