/**
 * The one list of features. Everything that lists features derives from it: the Feature type and
 * its policy enum (settings/schema.ts, managed_schema.json, checked by an invariant), the menus,
 * the popup's buttons, the panel's menu and the usage labels. Adding a built-in feature is one
 * folder, one line here, its work in works.ts (the compiler asks for it) and its locale strings.
 */
import type { FeatureDefinition } from './feature';
import { feature as action } from './action/feature';
import { feature as ask } from './ask/feature';
import { feature as jiraDraft } from './jira-draft/feature';
import { feature as summarize } from './summarize/feature';
import { feature as summarizeSelection } from './summarize-selection/feature';

export const FEATURES = [summarize, summarizeSelection, jiraDraft, action, ask] as const satisfies readonly FeatureDefinition[];

export type FeatureId = (typeof FEATURES)[number]['id'];
export const FEATURE_IDS = FEATURES.map((f) => f.id) as [FeatureId, ...FeatureId[]];
export type Feature = FeatureId;

/** The features that run as jobs (jobs/runner.ts), as opposed to those with a side panel of their own. */
export type JobFeatureId = Exclude<FeatureId, Extract<(typeof FEATURES)[number], { opensSidePanel: true }>['id']>;
export const isJobFeature = (id: FeatureId): id is JobFeatureId => featureById(id)?.opensSidePanel !== true;

export function featureById(id: string, features: readonly FeatureDefinition[] = FEATURES): FeatureDefinition | undefined {
  return features.find((f) => f.id === id);
}
