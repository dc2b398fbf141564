/**
 * The promise, marked handled: it may reject before anyone waits for it (its caller goes on
 * making other calls first, or hands it over to be waited for later), which must not surface as
 * an unhandled rejection. Whoever awaits it still gets the rejection.
 */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
