/**
 * Repeats an async check until told to stop. Each tick waits for the previous one to finish, so a
 * slow background (a waking service worker) never piles up overlapping requests.
 */
export function pollEvery(
  intervalMs: number,
  /** Return true to stop polling. A throw does not stop it: the next tick is the retry. */
  tick: () => Promise<unknown>,
  signal: AbortSignal,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  const run = async (): Promise<void> => {
    if (signal.aborted) return;
    let stop = false;
    try {
      stop = (await tick()) === true;
    } catch {
      // The caller owns error reporting; polling itself just carries on.
    }
    if (!stop && !signal.aborted) timer = setTimeout(run, intervalMs);
  };
  void run();
}
