/**
 * Actions: use cases the company defines by policy (`actions`) or a person defines for themselves
 * (options page, when policy `allowPersonalActions` allows). Each runs through the same pipeline as
 * the built-in features and is tagged `action:<id>` (`action:personal` for a person's own), so the
 * gateway's spend reports show cost by use case.
 */
import { z } from 'zod';
import { languageName, type OutputLanguage } from '../../summarize/language';
import { FeatureInput, FeatureOutput, Surface } from '../feature-schema';

export const ActionOrigin = z.enum(['policy', 'personal']);
export type ActionOrigin = z.infer<typeof ActionOrigin>;

/** What an admin writes in policy, or a person in the options page; parsed field by field. */
export const ActionSpec = z.object({
  /** Stable: it is the cost tag, so renaming it splits the company's reports. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _, up to 40'),
  title: z
    .object({ ja: z.string().trim().optional(), en: z.string().trim().optional() })
    .refine((title) => !!title.ja || !!title.en, 'needs a Japanese or an English title'),
  instructions: z.string().trim().min(1, 'must not be empty').max(8_000),
  input: FeatureInput,
  output: FeatureOutput,
  model: z.string().trim().min(1).optional(),
  surfaces: z.array(Surface).min(1).default(['popup', 'menu', 'panel']),
  maxOutputTokens: z.number().int().min(16).max(32_000).optional(),
});
export type ActionSpec = z.infer<typeof ActionSpec>;

export const Action = ActionSpec.extend({ origin: ActionOrigin });
export type Action = z.infer<typeof Action>;

/** Which action a job runs; the definition is looked up again in the worker, so a removed action cannot run. */
export const ActionRef = z.object({ origin: ActionOrigin, id: z.string() });
export type ActionRef = z.infer<typeof ActionRef>;

/** Why an action was skipped, for the options page: which action, which field, what is wrong. */
export const ActionProblem = z.object({
  origin: ActionOrigin,
  action: z.string(),
  field: z.string(),
  /** What is wrong, for the sentence in the UI's language; `message` keeps the detail. */
  reason: z.enum(['invalid', 'duplicate', 'model']),
  message: z.string(),
});
export type ActionProblem = z.infer<typeof ActionProblem>;

/**
 * Keeps every well-formed action and reports each malformed one, so one admin typo costs that
 * action only. `keyModels` (the key's models, when known) turns a model the key cannot use into a
 * problem instead of a request the gateway would refuse.
 */
export function parseActions(raw: readonly unknown[], origin: ActionOrigin, keyModels: readonly string[] | null): { actions: Action[]; problems: ActionProblem[] } {
  const actions: Action[] = [];
  const problems: ActionProblem[] = [];
  raw.forEach((item, index) => {
    const name = typeof (item as { id?: unknown })?.id === 'string' && (item as { id: string }).id ? (item as { id: string }).id : `#${index + 1}`;
    const parsed = ActionSpec.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ origin, action: name, field: issue.path.join('.') || '(action)', reason: 'invalid', message: issue.message });
      return;
    }
    const spec = parsed.data;
    if (actions.some((a) => a.id === spec.id)) return void problems.push({ origin, action: name, field: 'id', reason: 'duplicate', message: 'another action has the same id' });
    if (spec.model && keyModels && !keyModels.includes(spec.model)) return void problems.push({ origin, action: name, field: 'model', reason: 'model', message: `this key cannot use ${spec.model}` });
    actions.push({ ...spec, origin });
  });
  return { actions, problems };
}

/** The attribution tag: per action for the organization's, one tag for all personal ones. */
export function actionTag(ref: ActionRef): string {
  return ref.origin === 'personal' ? 'action:personal' : `action:${ref.id}`;
}

/**
 * The admin's instructions with their placeholders filled. `{{language}}` is a setting; the title
 * and URL are the page's, so they are never spliced in: the placeholder points the model at the
 * delimited block that carries them.
 */
export function actionInstructions(template: string, language: OutputLanguage): string {
  return template
    .replaceAll('{{language}}', languageName(language))
    .replaceAll('{{title}}', 'the document title (given with the document)')
    .replaceAll('{{url}}', 'the document URL (given with the document)');
}
