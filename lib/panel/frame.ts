/**
 * The panel's frame speaking to the content script that placed it (lib/panel/mount.ts), and the
 * rule that only a person's own input starts anything there.
 */
import type { FrameMessage } from './frame-protocol';

function post(message: FrameMessage['gatewayAssistantPanel']): void {
  // The page's origin is not known to the frame, and nothing posted here is secret.
  window.parent.postMessage({ gatewayAssistantPanel: message } satisfies FrameMessage, '*');
}

export function closeFrame(): void {
  post({ type: 'close' });
}

/** Keeps the frame as tall as the panel (the content script caps it at the viewport). */
export function reportSize(content: HTMLElement): void {
  new ResizeObserver(() => post({ type: 'size', height: content.getBoundingClientRect().height })).observe(content);
}

/**
 * True while a real input event (click, key press) of the person is being handled or has just
 * been: script-made events never grant it. Paid and state-changing actions check it.
 */
export function byPerson(): boolean {
  return navigator.userActivation.isActive;
}

/** The person has touched this panel at all: enough for saving their own edits a moment later. */
export function touchedByPerson(): boolean {
  return navigator.userActivation.hasBeenActive;
}
