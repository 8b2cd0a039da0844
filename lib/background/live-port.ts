/** The worker's end of a feed's port (util/live-feed.ts): one extension page following one tab. */
import { FollowRequest, mayFollowTab } from '../messaging';
import type { LiveFeed } from '../util/live-feed';

type Port = ReturnType<typeof browser.runtime.connect>;

/** `onLeave` hears of the tab the page followed when it goes (closed, or stopped following). */
export function acceptFeedPort<S, D>(port: Port, feed: LiveFeed<S, D>, onLeave?: (tabId: number) => void): void {
  let followed: { tabId: number; unsubscribe: () => void } | null = null;
  port.onMessage.addListener((message: unknown) => {
    const request = FollowRequest.safeParse(message);
    if (!request.success || followed || !mayFollowTab(port.sender ?? {}, request.data.tabId)) return;
    const { tabId } = request.data;
    followed = { tabId, unsubscribe: feed.subscribe(tabId, (out) => port.postMessage(out)) };
  });
  port.onDisconnect.addListener(() => {
    if (!followed) return;
    followed.unsubscribe();
    onLeave?.(followed.tabId);
  });
}
