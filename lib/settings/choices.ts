/**
 * What a person picks from: the summary choices and the models they may use. Plain lists, which
 * schema.ts makes into zod enums, so the popup paints its controls without loading zod (issue #17).
 */
import type { Settings } from './schema';

export const SUMMARY_LANGUAGES = ['match', 'ja', 'en'] as const;
export const SUMMARY_LENGTHS = ['short', 'standard', 'detailed'] as const;
export const SUMMARY_FORMS = ['bullets', 'prose'] as const;

/** The models a person may pick: the key's models, narrowed by policy when it names any. */
export function pickableModels(keyModels: string[], settings: Settings): string[] {
  if (settings.allowedModels.length === 0) return keyModels;
  return keyModels.filter((m) => settings.allowedModels.includes(m));
}
