import type { FeatureDefinition } from '../feature';

/** Summarize the page (or what the person selected on it). */
export const feature = {
  id: 'summarize',
  buttonId: 'summarize-page',
  order: 10,
  title: 'summarizePage',
  menuTitle: 'menuSummarizePage',
  usageLabel: 'usageFeatureSummarize',
  input: 'page',
  output: 'markdown',
  surfaces: ['popup', 'menu', 'panel'],
  onSelection: 'summarize-selection',
  primary: true,
  listed: true,
} as const satisfies FeatureDefinition;
