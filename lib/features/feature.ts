/**
 * What a feature is, as every surface sees it: pure data, so the popup, the options page, the
 * menus and the policy schema can list features without loading any feature's work (the worker
 * finds that in works.ts) or view.
 */
import type { MessageKey } from '../i18n';

// Plain lists, not zod enums, so a page lists features without loading zod (issue #17); the
// schemas that store or send these values build their enums from them (feature-schema.ts).

/** What a feature reads: the page (or the selection, when the person made one), only a selection, or either. */
export const FEATURE_INPUTS = ['page', 'selection', 'either'] as const;
export type FeatureInput = (typeof FEATURE_INPUTS)[number];

/** What it produces: an answer in Markdown, or a Jira ticket draft the person edits. */
export const FEATURE_OUTPUTS = ['markdown', 'ticket'] as const;
export type FeatureOutput = (typeof FEATURE_OUTPUTS)[number];

/** Where it is offered: a popup button, the right-click menu, the in-page panel's "run another" menu. */
export const SURFACES = ['popup', 'menu', 'panel'] as const;
export type Surface = (typeof SURFACES)[number];

export interface FeatureDefinition<Id extends string = string> {
  id: Id;
  /** The popup button's test id, kept stable across versions for tests and people's own automation. */
  buttonId: string;
  /** Order among the built-in features in the popup and the menus. */
  order: number;
  /** Button and panel label. */
  title: MessageKey;
  /** Right-click menu label (menus read as sentences: "Summarize this page"). */
  menuTitle: MessageKey;
  /** The menu label on a selection, when it differs ("Ask about the selection"). */
  selectionMenuTitle?: MessageKey;
  /** How "My usage" names it. */
  usageLabel: MessageKey;
  input: FeatureInput;
  output: FeatureOutput;
  surfaces: readonly Surface[];
  /** When the person selected text, the job counts as this feature instead (summarize → summarize-selection). */
  onSelection?: string;
  /** The one button in the popup that stands out. */
  primary?: boolean;
  /** A feature that only runs on behalf of something else (admin actions) has no button of its own. */
  listed: boolean;
  /** It has a surface of its own, Chrome's side panel (features/ask): surfaces open that instead of starting a job. */
  opensSidePanel?: boolean;
}

/** Menu contexts follow the input: a page feature on the page, a selection feature on a selection. */
export function menuContexts(input: FeatureInput): ('page' | 'selection')[] {
  return input === 'either' ? ['page', 'selection'] : [input];
}
