/**
 * The popup and the side panel are each built on their own (issue #17). WXT builds every extension
 * page in one Vite build, so the modules these share with the options page, the in-page panel and
 * the offscreen document were cut into chunks shared among them: the popup's first paint fetched,
 * compiled and linked four module files, the side panel's thirteen. Built alone, all a page imports
 * statically is one file; what it imports lazily (the popup's live module, answer view and ticket
 * editor) stays apart. Measured with both builds loaded in one browser, opens interleaved, in both
 * orders: the popup warm in 81–83 ms built alone against 89–90 (30 opens each), the side panel in
 * 105–107 against 117–119 (25 each). The price is size: React and the components the pages share
 * ship three times (the unpacked build grows from 4.7 to 5.6 MB).
 */

/** The part of WXT's entrypoint the grouping reads. */
export interface NamedEntrypoint {
  name: string;
}

/** WXT's `entrypoints:grouped` hook: moves each named page out of the pages' build into a build of its own. */
export function separatePageBuilds<E extends NamedEntrypoint>(groups: (E | E[])[], names: readonly string[]): void {
  for (const name of names) {
    const group = groups.find((g): g is E[] => Array.isArray(g) && g.length > 1 && g.some((entrypoint) => entrypoint.name === name));
    if (group) groups.push(group.splice(group.findIndex((entrypoint) => entrypoint.name === name), 1));
  }
}
