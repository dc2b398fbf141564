export interface QueueShape {
  name: string;
  /** The query string of GET /api/cases, as the web app's filters build it. */
  query: Record<string, string>;
  /** Pages read in a row by following nextCursor ("Next page"). */
  pages: number;
}

/**
 * What the queue page offers (services/agent-console/web/src/pages/queue-page.tsx): statuses,
 * severities, assigned to me / unassigned, SLA breached, most severe / oldest / newest first,
 * cursor pages. The first shape is the page as it opens.
 */
export const QUEUE_SHAPES: readonly QueueShape[] = [
  {
    name: 'as it opens: open + in progress, most severe',
    query: { status: 'open,in_progress', sort: 'severe' },
    pages: 3,
  },
  { name: 'open, most severe', query: { status: 'open', sort: 'severe' }, pages: 2 },
  { name: 'open, oldest', query: { status: 'open', sort: 'oldest' }, pages: 2 },
  { name: 'open, newest', query: { status: 'open', sort: 'newest' }, pages: 2 },
  { name: 'unassigned, oldest', query: { assignee: 'unassigned', sort: 'oldest' }, pages: 2 },
  {
    name: 'mine, open + in progress, most severe',
    query: { status: 'open,in_progress', assignee: 'me', sort: 'severe' },
    pages: 2,
  },
  { name: 'mine, any status, newest', query: { assignee: 'me', sort: 'newest' }, pages: 2 },
  {
    name: 'critical, open + in progress, most severe',
    query: { status: 'open,in_progress', severity: 'critical', sort: 'severe' },
    pages: 2,
  },
  {
    name: 'high + critical, unassigned, oldest',
    query: { severity: 'high,critical', assignee: 'unassigned', sort: 'oldest' },
    pages: 2,
  },
  { name: 'SLA breached, most severe', query: { sla: 'breached', sort: 'severe' }, pages: 2 },
  {
    name: 'SLA breached, unassigned, oldest',
    query: { sla: 'breached', assignee: 'unassigned', sort: 'oldest' },
    pages: 2,
  },
  {
    name: 'SLA breached, mine, oldest',
    query: { sla: 'breached', assignee: 'me', sort: 'oldest' },
    pages: 1,
  },
  { name: 'resolved, newest', query: { status: 'resolved', sort: 'newest' }, pages: 2 },
  {
    name: 'low, resolved, mine, oldest',
    query: { status: 'resolved', severity: 'low', assignee: 'me', sort: 'oldest' },
    pages: 1,
  },
  { name: 'every case, most severe', query: { sort: 'severe' }, pages: 3 },
  {
    name: 'page size 100, open + in progress, most severe',
    query: { status: 'open,in_progress', sort: 'severe', pageSize: '100' },
    pages: 1,
  },
];
