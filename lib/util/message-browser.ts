/**
 * What @webext-core/messaging takes from webextension-polyfill (runtime.sendMessage,
 * tabs.sendMessage, runtime.onMessage), on Chrome's own promise-based API instead: wxt.config.ts
 * points the polyfill's import here, so 9 KB of wrappers for APIs Chrome has natively leave the
 * worker and every page (issue #17). Two behaviours of the polyfill are kept: a listener answers
 * by returning a promise, and a message nobody answered resolves to undefined instead of failing.
 */
type Listener = (message: unknown, sender: Browser.runtime.MessageSender) => unknown;
type NativeListener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (answer?: unknown) => void) => boolean;

/** Chrome's words when the other side had a listener that did not answer (the polyfill resolves then). */
const UNANSWERED = 'The message port closed before a response was received.';

function answeredOrUndefined(error: unknown): undefined {
  if (error instanceof Error && error.message === UNANSWERED) return undefined;
  throw error;
}

const natives = new WeakMap<Listener, NativeListener>();

/** Chrome keeps the channel open for a later answer only when the listener returns true. */
function native(listener: Listener): NativeListener {
  let wrapped = natives.get(listener);
  if (!wrapped) {
    wrapped = (message, sender, sendResponse) => {
      const answer = listener(message, sender);
      if (!(answer instanceof Promise)) return false;
      answer.then(sendResponse, () => sendResponse(undefined));
      return true;
    };
    natives.set(listener, wrapped);
  }
  return wrapped;
}

export default {
  runtime: {
    sendMessage: (message: unknown) => browser.runtime.sendMessage(message).catch(answeredOrUndefined),
    onMessage: {
      addListener: (listener: Listener) => browser.runtime.onMessage.addListener(native(listener)),
      removeListener: (listener: Listener) => browser.runtime.onMessage.removeListener(native(listener)),
    },
  },
  tabs: {
    sendMessage: (tabId: number, message: unknown, options?: { frameId?: number }) => browser.tabs.sendMessage(tabId, message, options ?? {}).catch(answeredOrUndefined),
  },
};
