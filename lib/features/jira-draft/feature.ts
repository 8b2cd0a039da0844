import type { FeatureDefinition } from '../feature';

/** Draft a Jira ticket from the page, a selection, or a finished answer. */
export const feature = {
  id: 'jira-draft',
  buttonId: 'draft-ticket',
  order: 30,
  title: 'draftTicket',
  menuTitle: 'menuDraftTicket',
  usageLabel: 'usageFeatureJiraDraft',
  input: 'either',
  output: 'ticket',
  surfaces: ['popup', 'menu', 'panel'],
  listed: true,
} as const satisfies FeatureDefinition;
