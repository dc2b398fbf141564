import type { RunningStack } from '../stack/start-stack.ts';

/** Where the agent console is and how to sign in (printed at start and after the report). */
export function consoleLines(stack: RunningStack): string[] {
  if (!stack.console) return [];
  const { agent, supervisor } = stack.plan.callers;
  return [
    `  console    ${stack.console.url}`,
    `             sign in as ${agent.principal} with token ${agent.token}`,
    `             or as ${supervisor.principal} (supervisor) with token ${supervisor.token}`,
    `             log ${stack.console.logFile}`,
  ];
}
