/** The worker's record of net errors on its own requests, read by the gateway client (lib/gateway/net-errors.ts). */
import { NetErrorLog, type NetErrorWatch } from '../gateway/net-errors';

const log = new NetErrorLog();

/**
 * Hears failures of this extension's own requests only (initiator is its origin, no tab): the
 * gateway origin changes with the settings, and a page's requests are none of its business. Host
 * permission for the gateway origin, which a saved connection holds, is what makes them visible.
 *
 * It listens only while one of those requests is under way. A listener added when the worker starts
 * is one Chrome starts the worker for: every failed request, in any tab, to a host the extension may
 * reach (the gateway's, or the loopback where developers run their own servers) woke it, whatever the
 * listener's filter said (measured, issue #17; tests/e2e/keep-alive.spec.ts). The errors it names
 * (a name not resolved, a certificate, headers too big) come after a lookup, a handshake or a
 * response, long after the listener is in place.
 */
let requestsUnderWay = 0;

function heard(details: Browser.webRequest.OnErrorOccurredDetails): void {
  if (details.tabId === -1 && details.initiator === new URL(browser.runtime.getURL('/')).origin) log.record(details.url, details.error);
}

export const netErrors: NetErrorWatch = {
  watch() {
    if (requestsUnderWay++ === 0) browser.webRequest.onErrorOccurred.addListener(heard, { urls: ['http://*/*', 'https://*/*'], tabId: -1 });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--requestsUnderWay === 0) browser.webRequest.onErrorOccurred.removeListener(heard);
    };
  },
  lookup: log.lookup,
};
