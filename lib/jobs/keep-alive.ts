/**
 * Chrome stops an idle worker 30 s after its last extension event, even mid-fetch; a streamed
 * answer does not count as activity (mv3-facts §2). An extension API call every 20 s does.
 */
const INTERVAL_MS = 20_000;
let holders = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function holdWorkerAlive(): () => void {
  holders++;
  timer ??= setInterval(() => void browser.runtime.getPlatformInfo(), INTERVAL_MS);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
