// Entry point of the demo (deploy/local/demo.sh, `npm run demo`): see cli/demo-main.ts.
import { runDemo } from './cli/demo-main.ts';

process.exitCode = await runDemo(process.argv.slice(2), process.env);
