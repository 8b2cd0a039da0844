import type { FeatureDefinition } from '../feature';

/**
 * An action the organization (policy) or the person defined: its instructions, input, output and
 * surfaces come with each action (action.ts), so this feature is never listed by itself.
 */
export const feature = {
  id: 'action',
  buttonId: 'run-action',
  order: 100,
  title: 'actionsTitle',
  menuTitle: 'actionsTitle',
  usageLabel: 'usageFeatureAction',
  input: 'either',
  output: 'markdown',
  surfaces: [],
  listed: false,
} as const satisfies FeatureDefinition;
