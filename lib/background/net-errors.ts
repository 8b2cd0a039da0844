/** The worker's record of net errors on its own requests, read by the gateway client (lib/gateway/net-errors.ts). */
import { NetErrorLog, type NetErrorLookup } from '../gateway/net-errors';

const log = new NetErrorLog();

/**
 * Listens to failures of this extension's own requests only (initiator is its origin, no tab): the
 * gateway origin changes with the settings, and a page's requests are none of its business. Host
 * permission for the gateway origin, which a saved connection holds, is what makes them visible.
 */
export function watchNetErrors(): void {
  const self = new URL(browser.runtime.getURL('/')).origin;
  browser.webRequest.onErrorOccurred.addListener(
    (details) => {
      if (details.tabId === -1 && details.initiator === self) log.record(details.url, details.error);
    },
    { urls: ['http://*/*', 'https://*/*'] },
  );
}

export const netErrors: NetErrorLookup = log.lookup;
