/**
 * Joins the partition slices of one fetch into one round of work. kafkajs hands every partition
 * batch of a fetch response to its workers in one pass, so their slices join within the same turn
 * of the event loop (microtasks only, no I/O in between); the round starts at the next check
 * phase (setImmediate), after every one of them joined. Each joiner gets the round's result. A
 * slice that joins once the round started opens the next one.
 */
export interface FetchRounds<S, R> {
  join(slice: S): Promise<R>;
}

export function createFetchRounds<S, R>(run: (slices: S[]) => Promise<R>): FetchRounds<S, R> {
  let open: { slices: S[]; result: Promise<R> } | undefined;
  return {
    join(slice) {
      if (open) {
        open.slices.push(slice);
        return open.result;
      }
      const slices = [slice];
      const round = {
        slices,
        result: new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          open = undefined;
          return run(slices);
        }),
      };
      open = round;
      return round.result;
    },
  };
}
