import { describe, expect, it, vi } from 'vitest';
import { LiveFeed } from '../util/live-feed';
import { acceptFeedPort } from './live-port';

type Port = Parameters<typeof acceptFeedPort>[0];

/** A port as the worker sees it: the page's messages and its disconnect are driven by the test. */
function fakePort() {
  const onMessage: ((message: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const posted: unknown[] = [];
  const port = {
    sender: { id: 'ext', url: 'chrome-extension://ext/popup.html' },
    onMessage: { addListener: (fn: (message: unknown) => void) => onMessage.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => onDisconnect.push(fn) },
    postMessage: (message: unknown) => posted.push(message),
  } as unknown as Port;
  return { port, posted, send: (message: unknown) => onMessage.forEach((fn) => fn(message)), disconnect: () => onDisconnect.forEach((fn) => fn()) };
}

describe('acceptFeedPort', () => {
  it('feeds the tab the page asked for, and says which tab it left when the page goes', () => {
    const feed = new LiveFeed<string, string>((state, delta) => (state ?? '') + delta);
    const onLeave = vi.fn();
    const page = fakePort();
    acceptFeedPort(page.port, feed, onLeave);
    page.send({ tabId: 7 });
    feed.state(7, 'one');
    feed.state(8, 'elsewhere');
    expect(page.posted).toEqual([{ type: 'state', state: 'one' }]);
    page.disconnect();
    feed.state(7, 'two');
    expect(page.posted).toHaveLength(1);
    expect(onLeave).toHaveBeenCalledExactlyOnceWith(7);
  });

  it('says nothing of a page that went before following a tab', () => {
    const onLeave = vi.fn();
    const page = fakePort();
    acceptFeedPort(page.port, new LiveFeed<string, string>((state) => state), onLeave);
    page.send({ tabId: 'not a tab' });
    page.disconnect();
    expect(onLeave).not.toHaveBeenCalled();
  });
});
