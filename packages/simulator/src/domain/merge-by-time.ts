import type { PlannedRecord } from './event-writer.ts';

interface Head {
  planned: PlannedRecord;
  source: number;
  rest: Iterator<PlannedRecord>;
}

function before(a: Head, b: Head): boolean {
  return a.planned.at < b.planned.at || (a.planned.at === b.planned.at && a.source < b.source);
}

/**
 * k-way merge of time-ordered sources into one time-ordered stream (ties: lower source index
 * first). Holds one pending record per source, so a long simulation never sits in memory whole.
 */
export function* mergeByTime(sources: readonly Iterable<PlannedRecord>[]): Generator<PlannedRecord> {
  const heap: Head[] = [];
  const push = (head: Head) => {
    heap.push(head);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Head, heap[parent] as Head)) break;
      [heap[i], heap[parent]] = [heap[parent] as Head, heap[i] as Head];
      i = parent;
    }
  };
  const pop = (): Head | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as Head, heap[m] as Head)) m = l;
      if (r < heap.length && before(heap[r] as Head, heap[m] as Head)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as Head, heap[i] as Head];
      i = m;
    }
    return top;
  };
  sources.forEach((source, index) => {
    const rest = source[Symbol.iterator]();
    const first = rest.next();
    if (!first.done) push({ planned: first.value, source: index, rest });
  });
  for (let head = pop(); head; head = pop()) {
    yield head.planned;
    const next = head.rest.next();
    if (!next.done) push({ planned: next.value, source: head.source, rest: head.rest });
  }
}
