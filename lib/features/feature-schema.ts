/**
 * The registry's lists as zod enums, for the schemas that store or send them (jobs, settings,
 * messages, actions). Apart from feature.ts and registry.ts, which pages read without zod (issue #17).
 */
import { z } from 'zod';
import { FEATURE_INPUTS, FEATURE_OUTPUTS, SURFACES } from './feature';
import { FEATURE_IDS } from './registry';

export const Feature = z.enum(FEATURE_IDS);
export type Feature = z.infer<typeof Feature>;
export const FeatureInput = z.enum(FEATURE_INPUTS);
export type FeatureInput = z.infer<typeof FeatureInput>;
export const FeatureOutput = z.enum(FEATURE_OUTPUTS);
export type FeatureOutput = z.infer<typeof FeatureOutput>;
export const Surface = z.enum(SURFACES);
export type Surface = z.infer<typeof Surface>;
