/**
 * Puts the panel on the page as an extension page in an iframe, inside a closed shadow root
 * (#15): the page's scripts cannot read or click into a chrome-extension:// document, cannot
 * find the frame to re-point it, and its CSS cannot reach the panel's text (#13). The host is
 * an anonymous element remembered in this content script's own world, so a page element with
 * any id cannot stand in for it; injecting the script twice finds the first panel.
 */
import { FrameMessage, PANEL_FRAME_PATH } from './frame-protocol';
import hostCss from './host.css?inline';

/** The content script's isolated world outlives one injection; the page cannot see this global. */
const MOUNTED = Symbol.for('gateway-assistant.panel');
type World = typeof globalThis & { [MOUNTED]?: { host: HTMLElement; frame: HTMLIFrameElement } };

// Inline and !important: the page's own `!important` rules on every element cannot outrank it.
const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'top: 16px',
  'right: 16px',
  'z-index: 2147483647',
  'display: block',
  'width: min(420px, calc(100vw - 32px))',
  'height: 160px',
  'max-height: calc(100vh - 32px)',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'opacity: 1',
  'visibility: visible',
  'transform: none',
  'pointer-events: auto',
]
  .map((rule) => `${rule} !important;`)
  .join(' ');

export function mountPanel(): void {
  const world = globalThis as World;
  const mounted = world[MOUNTED];
  if (mounted?.host.isConnected) {
    mounted.frame.focus();
    return;
  }
  const host = document.createElement('div');
  host.setAttribute('style', HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = hostCss;
  const frame = document.createElement('iframe');
  frame.src = browser.runtime.getURL(PANEL_FRAME_PATH);
  frame.setAttribute('allow', 'clipboard-write');
  shadow.append(style, frame);

  const origin = new URL(browser.runtime.getURL('/')).origin;
  const unmount = () => {
    window.removeEventListener('message', onMessage, true);
    host.remove();
    delete world[MOUNTED];
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    const parsed = FrameMessage.safeParse(event.data);
    if (!parsed.success) return;
    const message = parsed.data.gatewayAssistantPanel;
    if (message.type === 'close') unmount();
    else host.style.setProperty('height', `${Math.ceil(message.height)}px`, 'important');
  };
  window.addEventListener('message', onMessage, true);
  // The panel never navigates itself: a second load means the page sent the frame elsewhere
  // (a parent may navigate its child frames), and what shows there is not ours.
  let loads = 0;
  frame.addEventListener('load', () => {
    loads += 1;
    if (loads > 1) unmount();
    else frame.focus();
  });
  world[MOUNTED] = { host, frame };
  document.documentElement.append(host);
}
