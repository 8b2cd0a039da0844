import type { FeatureDefinition } from '../feature';

/**
 * Ask about this page: a conversation in Chrome's side panel (entrypoints/sidepanel), grounded in
 * the page or the selection. It is not a job: surfaces open the side panel instead of starting one.
 */
export const feature = {
  id: 'ask',
  buttonId: 'ask-page',
  order: 25,
  title: 'askPage',
  menuTitle: 'menuAskPage',
  selectionMenuTitle: 'menuAskSelection',
  usageLabel: 'usageFeatureAsk',
  input: 'either',
  output: 'markdown',
  surfaces: ['popup', 'menu'],
  opensSidePanel: true,
  listed: true,
} as const satisfies FeatureDefinition;
