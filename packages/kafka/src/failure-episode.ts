/**
 * Failures of one kind in a row are one episode: retried every few hundred milliseconds, a
 * warning per attempt buries the one line an operator needs. `failed` is true for the first
 * failure of an episode (a new code starts a new one), `recovered` true once for the success
 * that ends it.
 */
export interface FailureEpisode {
  failed(code: string): boolean;
  recovered(): boolean;
}

export function failureEpisode(): FailureEpisode {
  let current: string | undefined;
  return {
    failed(code) {
      const first = current !== code;
      current = code;
      return first;
    },
    recovered() {
      const was = current !== undefined;
      current = undefined;
      return was;
    },
  };
}
