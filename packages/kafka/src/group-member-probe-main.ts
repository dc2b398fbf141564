// A group member probe as a process of its own (node --import tsx): ProbeOptions as JSON in
// argv[2], one ProbeEvent a line on stdout. Tests kill it with SIGKILL: no LeaveGroup.
import { startGroupMemberProbe, type ProbeOptions } from './group-member-probe.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ProbeOptions;
await startGroupMemberProbe(options, (event) => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
});
