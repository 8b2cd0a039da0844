/** The worker's end of JOB_STREAM_PORT: one extension page following one tab's job (jobs/live.ts). */
import type { LiveJobs } from '../jobs/live';
import { JobStreamRequest, mayFollowTab } from '../messaging';

type Port = ReturnType<typeof browser.runtime.connect>;

export function acceptJobStream(port: Port, live: LiveJobs): void {
  let unsubscribe: (() => void) | null = null;
  port.onMessage.addListener((message: unknown) => {
    const request = JobStreamRequest.safeParse(message);
    if (!request.success || unsubscribe || !mayFollowTab(port.sender ?? {}, request.data.tabId)) return;
    unsubscribe = live.subscribe(request.data.tabId, (out) => port.postMessage(out));
  });
  port.onDisconnect.addListener(() => unsubscribe?.());
}
