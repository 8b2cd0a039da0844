/**
 * The jira-draft feature's work in a job: ask for the ticket as JSON (with the json_schema
 * response format when the model supports it), validate, repair once, and otherwise say so with
 * the raw answer kept for the person.
 */
import { ProblemError } from '../../errors/problem';
import type { Extracted } from '../../extract/result';
import type { ModelInfoEntry } from '../../gateway/wire';
import type { FeatureWork, WorkContext } from '../../jobs/runner';
import { answerContext, DRAFT_ANSWER_TOKENS, draftMessages, draftResponseFormat, type DraftRequest, repairMessages } from '../../jira/prompt';
import { templatesFrom } from '../../jira/settings-templates';
import { parseTicketAnswer } from '../../jira/ticket';
import { summaryLanguage, type OutputLanguage } from '../../summarize/language';
import { DraftEdits, keepTouched } from './edits';

export interface DraftEnv {
  modelInfo(model: string): Promise<ModelInfoEntry['model_info'] | undefined>;
}

/** An action's instructions, filled for the ticket's language; null for the plain feature. */
export type DraftTask = (language: OutputLanguage) => { instructions: string; maxTokens: number | null };

export async function runDraftWork(env: DraftEnv, context: WorkContext, extracted: Extracted, task: DraftTask | null) {
  const { settings, job } = context;
  const language = summaryLanguage(settings.summaryLanguage, extracted.text, extracted.lang);
  const filled = task?.(language) ?? null;
  const request: DraftRequest = {
    material: extracted.kind,
    text: extracted.text,
    page: { url: extracted.url, title: extracted.title, lang: extracted.lang },
    language: settings.summaryLanguage,
    issueType: null,
    templates: templatesFrom(settings),
    instructions: filled?.instructions ?? null,
  };
  const maxTokens = filled?.maxTokens ?? DRAFT_ANSWER_TOKENS;
  context.update({ source: { title: extracted.title, url: extracted.url, words: 0, kind: extracted.kind, language, pages: extracted.pages ?? null } });
  const schema = (await env.modelInfo(job.model))?.supports_response_schema === true;
  const responseFormat = schema ? draftResponseFormat(request) : undefined;
  const first = await context.call({ messages: draftMessages(request, { responseSchema: schema }), maxTokens, responseFormat });
  let parsed = parseTicketAnswer(first.text, answerContext(request));
  if (!parsed.ok) {
    const repaired = await context.call({
      messages: repairMessages(request, { raw: parsed.raw, error: parsed.error }, { responseSchema: schema }),
      maxTokens,
      responseFormat,
    });
    parsed = parseTicketAnswer(repaired.text, answerContext(request));
  }
  if (!parsed.ok) {
    context.update({ text: parsed.raw });
    throw new ProblemError({ kind: 'draft_invalid', status: null, message: parsed.error, retryAfterS: null, scope: null });
  }
  // Regenerate keeps the fields the person edited: their edits travel with the start request.
  const edits = DraftEdits.safeParse(context.carry);
  return { draft: edits.success ? keepTouched(parsed.draft, edits.data.draft, edits.data.touched) : parsed.draft, text: '' };
}

export function draftWork(env: DraftEnv): FeatureWork {
  return (context, extracted) => runDraftWork(env, context, extracted, null);
}
