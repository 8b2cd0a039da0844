/**
 * The popup is built on its own (issue #17). WXT builds every extension page in one Vite build, so
 * the modules the popup shares with the side panel, the options page, the in-page panel and the
 * offscreen document were cut into chunks shared among them, and the popup's first paint fetched,
 * compiled and linked four module files. Built alone, everything it imports statically is one file;
 * only what it imports lazily (the live module, the answer's view, the ticket editor) stays apart.
 * Measured in one browser, interleaved, 30 warm opens each, in both orders: 81–83 ms built alone
 * against 89–90 ms built with the other pages. The price is size: React and the components the
 * popup shares ship twice (the unpacked build grows by about 0.4 MB).
 */

/** The part of WXT's entrypoint the grouping reads. */
export interface NamedEntrypoint {
  name: string;
}

/** WXT's `entrypoints:grouped` hook: moves the popup out of the pages' build into a build of its own. */
export function separatePopupBuild<E extends NamedEntrypoint>(groups: (E | E[])[]): void {
  for (const group of groups) {
    if (!Array.isArray(group) || group.length < 2) continue;
    const at = group.findIndex((entrypoint) => entrypoint.name === 'popup');
    if (at === -1) continue;
    groups.push(group.splice(at, 1));
    return;
  }
}
