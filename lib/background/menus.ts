/**
 * The right-click menu: the runnables of the 'menu' surface (built-in features and actions, minus
 * what the organization turned off), each in the contexts its input calls for.
 */
import { menuContexts } from '../features/feature';
import type { Runnable } from '../features/runnables';

type MenuContext = 'page' | 'selection';

export interface MenuItem {
  /** `<runnable key>@<context>`: stable across rebuilds, so a click maps back to what it runs. */
  id: string;
  title: string;
  contexts: [MenuContext];
  run: Runnable;
}

export function menuItems(runs: readonly Runnable[]): MenuItem[] {
  return runs.flatMap((run) => menuContexts(run.input).map((context) => ({ id: `${run.key}@${context}`, title: (context === 'selection' && run.selectionTitle) || run.title, contexts: [context] as [MenuContext], run })));
}

let building: Promise<void> = Promise.resolve();

/** Rebuilds one after another: two interleaved rebuilds would create the same ids twice. */
export function buildMenus(runs: readonly Runnable[]): Promise<void> {
  building = building.then(async () => {
    await browser.contextMenus.removeAll();
    for (const item of menuItems(runs)) browser.contextMenus.create({ id: item.id, title: item.title, contexts: item.contexts });
  });
  return building;
}

export function menuRun(menuItemId: string | number, runs: readonly Runnable[]): Runnable | null {
  return menuItems(runs).find((item) => item.id === menuItemId)?.run ?? null;
}
