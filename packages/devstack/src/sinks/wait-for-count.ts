/** Polls `read` until it returns at least `count` items; rejects with what it saw on timeout. */
export async function waitForCount<T>(
  read: () => T[],
  count: number,
  options: { timeoutMs?: number | undefined; intervalMs?: number; what: string },
): Promise<T[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const items = read();
    if (items.length >= count) return items;
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for ${options.what} (have ${items.length})`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
