/** A dependency that is down for the next N calls, then does what it is given. */
export function flaky(failure: () => Error) {
  let failures = 0;
  return {
    failNext(count: number): void {
      failures += count;
    },
    call<T>(work: () => T): Promise<T> {
      if (failures === 0) return Promise.resolve(work());
      failures -= 1;
      return Promise.reject(failure());
    },
  };
}
