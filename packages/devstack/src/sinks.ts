// Entry point of `pnpm --filter @vigil/devstack sinks`: see cli/sinks-main.ts.
import { runSinks } from './cli/sinks-main.ts';

process.exitCode = await runSinks(process.argv.slice(2));
