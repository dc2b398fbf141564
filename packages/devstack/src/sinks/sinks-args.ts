import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { LocalSinkPorts } from './local-sinks.ts';

export const SINKS_USAGE = `usage: pnpm --filter @vigil/devstack sinks [options]

Stands in for the customer-facing providers when a service runs on its own (its README's Run
section): a plain SMTP server for email, an HTTP receiver for the SMS and push webhooks, and a
page showing what customers were sent. Loopback only, messages kept in memory until Ctrl-C.

  --smtp-port N       SMTP server (default 1025; 0 picks a free port)
  --webhook-port N    POST /sms and /push (default 1026)
  --page-port N       GET / what customers got, /messages.json as JSON (default 1080)
  -h, --help`;

const port = z.coerce.number().int().min(0).max(65_535);

const sinksArgs = z.object({
  smtp: port.default(1025),
  webhooks: port.default(1026),
  capture: port.default(1080),
});

export function parseSinksArgs(argv: string[]): LocalSinkPorts | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'smtp-port': { type: 'string' },
      'webhook-port': { type: 'string' },
      'page-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  return sinksArgs.parse({
    smtp: values['smtp-port'],
    webhooks: values['webhook-port'],
    capture: values['page-port'],
  });
}
