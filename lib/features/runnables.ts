/**
 * What a surface offers: the built-in features whose definition lists that surface, then the
 * actions that list it, minus what the organization turned off. Menus, popup buttons and the
 * panel's "run another action" menu are all this list.
 */
import { t, uiLanguage } from '../i18n';
import type { Settings } from '../settings/schema';
import type { Action, ActionRef } from './action/action';
import type { FeatureDefinition, FeatureInput, FeatureOutput, Surface } from './feature';
import { FEATURES, type FeatureId } from './registry';

export interface Runnable {
  /** Unique among the runnables: a menu item id, a React key. */
  key: string;
  /** The button's test id. */
  buttonId: string;
  feature: FeatureId;
  action: ActionRef | null;
  title: string;
  input: FeatureInput;
  output: FeatureOutput;
  primary: boolean;
  /** The right-click menu's label on a selection, when it differs from `title`. */
  selectionTitle: string | null;
  /** Opens the side panel instead of starting a job (features/ask). */
  opensSidePanel: boolean;
}

/** An action's title in the UI's language, or in the other when it has only that one. */
export function actionTitle(action: Pick<Action, 'title'>, language: 'ja' | 'en'): string {
  return (language === 'ja' ? action.title.ja || action.title.en : action.title.en || action.title.ja) ?? '';
}

export const actionKey = (ref: ActionRef) => `action-${ref.origin}-${ref.id}`;

export function runnables(surface: Surface, settings: Settings, actions: readonly Action[], features: readonly FeatureDefinition[] = FEATURES): Runnable[] {
  const menu = surface === 'menu';
  const builtIn = [...features]
    .filter((f) => f.listed && f.surfaces.includes(surface) && !settings.disabledFeatures.includes(f.id as FeatureId))
    .sort((a, b) => a.order - b.order)
    .map((f) => ({ key: f.id, buttonId: f.buttonId, feature: f.id as FeatureId, action: null, title: t(menu ? f.menuTitle : f.title), input: f.input, output: f.output, primary: !!f.primary, selectionTitle: menu && f.selectionMenuTitle ? t(f.selectionMenuTitle) : null, opensSidePanel: !!f.opensSidePanel }));
  if (settings.disabledFeatures.includes('action')) return builtIn;
  const language = uiLanguage();
  const own = actions
    .filter((a) => a.surfaces.includes(surface))
    .map((a) => {
      const ref = { origin: a.origin, id: a.id };
      return { key: actionKey(ref), buttonId: actionKey(ref), feature: 'action' as const, action: ref, title: actionTitle(a, language), input: a.input, output: a.output, primary: false, selectionTitle: null, opensSidePanel: false };
    });
  return [...builtIn, ...own];
}

/** How "My usage" names a feature: the registry's label, or the id of a feature this version no longer has. */
export function featureLabel(id: string, features: readonly FeatureDefinition[] = FEATURES): string {
  const feature = features.find((f) => f.id === id);
  return feature ? t(feature.usageLabel) : id;
}

/** How "My usage" names an action: its title while it still exists, else the id it was tagged with. */
export function actionLabel(usageAction: string, actions: readonly Action[]): string {
  const [origin, id] = usageAction.startsWith('personal:') ? (['personal', usageAction.slice('personal:'.length)] as const) : (['policy', usageAction] as const);
  const action = actions.find((a) => a.origin === origin && a.id === id);
  return action ? actionTitle(action, uiLanguage()) : usageAction;
}

/** The usage history's name for an action run (history.ts `action`). */
export const usageActionName = (ref: ActionRef) => (ref.origin === 'personal' ? `personal:${ref.id}` : ref.id);
