import type { FeatureDefinition } from '../feature';

/** Summarize only the selected text; its work is summarize's, its tag its own. */
export const feature = {
  id: 'summarize-selection',
  buttonId: 'summarize-selection',
  order: 20,
  title: 'summarizeSelection',
  menuTitle: 'menuSummarizeSelection',
  usageLabel: 'usageFeatureSummarizeSelection',
  input: 'selection',
  output: 'markdown',
  surfaces: ['popup', 'menu', 'panel'],
  listed: true,
} as const satisfies FeatureDefinition;
