import { describe, expect, it } from 'vitest';
import { type ModuleGraph, pageChunkName, pagesReaching, POPUP_CHUNK } from './page-chunks';

/** A graph from `importer → [static imports]` and `importer → [lazy imports]`. */
function graph(staticImports: Record<string, string[]>, lazyImports: Record<string, string[]> = {}): ModuleGraph {
  const importers = new Map<string, string[]>();
  const dynamicImporters = new Map<string, string[]>();
  const add = (into: Map<string, string[]>, from: string, to: string) => into.set(to, [...(into.get(to) ?? []), from]);
  for (const [from, tos] of Object.entries(staticImports)) for (const to of tos) add(importers, from, to);
  for (const [from, tos] of Object.entries(lazyImports)) {
    for (const to of tos) {
      // As rolldown reports it: a lazy importer is listed among `importers` too.
      add(importers, from, to);
      add(dynamicImporters, from, to);
    }
  }
  return { getModuleInfo: (id) => ({ importers: importers.get(id) ?? [], dynamicImporters: dynamicImporters.get(id) ?? [] }) };
}

const POPUP = '/x/entrypoints/popup/index.html';
const POPUP_MAIN = '/x/entrypoints/popup/main.tsx';
const OFFSCREEN = '/x/entrypoints/offscreen/index.html';
const SIDEPANEL = '/x/entrypoints/sidepanel/index.html';

describe('pageChunkName', () => {
  const modules = graph(
    {
      [POPUP]: [POPUP_MAIN],
      [POPUP_MAIN]: ['/x/react.js', '/x/lib/shared.ts'],
      [OFFSCREEN]: ['/x/lib/shared.ts'],
      [SIDEPANEL]: ['/x/entrypoints/sidepanel/main.tsx'],
      '/x/entrypoints/sidepanel/main.tsx': ['/x/react.js', '/x/components/JobView.tsx'],
      '/x/components/JobView.tsx': ['/x/lib/markdown.ts'],
      // A cycle must end the walk, not loop.
      '/x/lib/shared.ts': ['/x/lib/cycle.ts'],
      '/x/lib/cycle.ts': ['/x/lib/shared.ts'],
    },
    { [POPUP_MAIN]: ['/x/components/JobView.tsx'] },
  );

  it('puts what the popup reaches by static imports in its chunk, shared with other pages or not', () => {
    expect(pageChunkName('/x/react.js', modules)).toBe(POPUP_CHUNK);
  });

  it("leaves out the pages' own scripts, which other pages loading the chunk must not run", () => {
    expect(pagesReaching(POPUP_MAIN, modules)).toEqual(new Set(['popup']));
    expect(pageChunkName(POPUP_MAIN, modules)).toBeNull();
    expect(pageChunkName(POPUP, modules)).toBeNull();
  });

  it('leaves out what only a lazy import reaches from the popup', () => {
    expect(pagesReaching('/x/components/JobView.tsx', modules)).toEqual(new Set(['sidepanel']));
    expect(pageChunkName('/x/components/JobView.tsx', modules)).toBeNull();
    expect(pageChunkName('/x/lib/markdown.ts', modules)).toBeNull();
  });

  it('leaves out what the offscreen document reaches too, through cycles as well', () => {
    expect(pagesReaching('/x/lib/cycle.ts', modules)).toEqual(new Set(['popup', 'offscreen']));
    expect(pageChunkName('/x/lib/shared.ts', modules)).toBeNull();
    expect(pageChunkName('/x/lib/cycle.ts', modules)).toBeNull();
  });
});
