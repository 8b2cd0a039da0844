/**
 * How the extension's pages are cut into module files (issue #17). Rolldown's default gives each
 * set of modules shared by the same pages and lazy imports a chunk of its own, which gave the
 * popup eight module files before its first paint. Each is a fetch, a compile and a link in the
 * popup's renderer before anything runs: bench/popup-open.bench.ts measured the popup at
 * 1.25–1.40× the bare React popup with eight files and 1.01–1.18× with all of them in one.
 *
 * So every module the popup reaches by static imports joins one chunk, and only those:
 * `includeDependenciesRecursively: false` (wxt.config.ts) keeps rolldown from pulling in what they
 * import that this rule leaves out. Left out: the pages' own scripts (the side panel, the options
 * and the in-page panel import this chunk for React and the components, and every module in a
 * chunk runs when it loads: with the popup's main.tsx inside, each of them would render the popup);
 * what the offscreen document also reaches (it loads no React, and would otherwise compile this
 * chunk before every PDF); and what only lazy imports reach, which keeps rolldown's default so the
 * first paint carries none of it.
 */

/** The part of rolldown's module graph this rule reads (its ChunkingContext). */
export interface ModuleGraph {
  getModuleInfo(id: string): { importers: readonly string[]; dynamicImporters: readonly string[] } | null;
}

/** The one chunk the popup's entry script imports. */
export const POPUP_CHUNK = 'popup-first';

/** A page's entry module: `entrypoints/<page>/index.html`. */
const PAGE_ENTRY = /[\\/]entrypoints[\\/]([\w-]+)[\\/]index\.html$/;

/** The pages (entrypoint folder names) whose static imports reach `id`: a walk up its importers. */
export function pagesReaching(id: string, graph: ModuleGraph): Set<string> {
  const pages = new Set<string>();
  const seen = new Set([id]);
  const pending = [id];
  for (let at = pending.pop(); at !== undefined; at = pending.pop()) {
    const page = PAGE_ENTRY.exec(at)?.[1];
    if (page) pages.add(page);
    const info = graph.getModuleInfo(at);
    // Rolldown lists an importer that only imports lazily among `importers` too.
    const lazyOnly = new Set(info?.dynamicImporters);
    for (const importer of info?.importers ?? []) {
      if (!seen.has(importer) && !lazyOnly.has(importer)) {
        seen.add(importer);
        pending.push(importer);
      }
    }
  }
  return pages;
}

/** A page's HTML or the script it runs (`main.tsx`): code that acts when loaded, not definitions. */
function pageScript(id: string, graph: ModuleGraph): boolean {
  return PAGE_ENTRY.test(id) || (graph.getModuleInfo(id)?.importers ?? []).some((importer) => PAGE_ENTRY.test(importer));
}

/** rolldown's `codeSplitting.groups[].name`: the popup's chunk, or null for rolldown's default. */
export function pageChunkName(id: string, graph: ModuleGraph): string | null {
  if (pageScript(id, graph)) return null;
  const pages = pagesReaching(id, graph);
  return pages.has('popup') && !pages.has('offscreen') ? POPUP_CHUNK : null;
}
