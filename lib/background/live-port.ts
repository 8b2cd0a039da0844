/** The worker's end of a feed's port (util/live-feed.ts): one extension page following one tab. */
import { FollowRequest, mayFollowTab } from '../messaging';
import type { LiveFeed } from '../util/live-feed';

type Port = ReturnType<typeof browser.runtime.connect>;

export function acceptFeedPort<S, D>(port: Port, feed: LiveFeed<S, D>): void {
  let unsubscribe: (() => void) | null = null;
  port.onMessage.addListener((message: unknown) => {
    const request = FollowRequest.safeParse(message);
    if (!request.success || unsubscribe || !mayFollowTab(port.sender ?? {}, request.data.tabId)) return;
    unsubscribe = feed.subscribe(request.data.tabId, (out) => port.postMessage(out));
  });
  port.onDisconnect.addListener(() => unsubscribe?.());
}
