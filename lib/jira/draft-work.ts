/**
 * The jira-draft feature's work in a job: ask for the ticket as JSON (with the json_schema
 * response format when the model supports it), validate, repair once, and otherwise say so with
 * the raw answer kept for the person.
 */
import { ProblemError } from '../errors/problem';
import type { ModelInfoEntry } from '../gateway/wire';
import type { FeatureWork } from '../jobs/runner';
import { summaryLanguage } from '../summarize/language';
import { answerContext, DRAFT_ANSWER_TOKENS, draftMessages, draftResponseFormat, type DraftRequest, repairMessages } from './prompt';
import { templatesFrom } from './settings-templates';
import { parseTicketAnswer } from './ticket';

export interface DraftEnv {
  modelInfo(model: string): Promise<ModelInfoEntry['model_info'] | undefined>;
}

export function draftWork(env: DraftEnv): FeatureWork {
  return async (context, extracted) => {
    const { settings, job } = context;
    const request: DraftRequest = {
      material: extracted.kind,
      text: extracted.text,
      page: { url: extracted.url, title: extracted.title, lang: extracted.lang },
      language: settings.summaryLanguage,
      issueType: null,
      templates: templatesFrom(settings),
    };
    const source = {
      title: extracted.title,
      url: extracted.url,
      words: 0,
      kind: extracted.kind,
      language: summaryLanguage(settings.summaryLanguage, extracted.text, extracted.lang),
      pages: extracted.pages ?? null,
    };
    context.update({ source });
    const schema = (await env.modelInfo(job.model))?.supports_response_schema === true;
    const responseFormat = schema ? draftResponseFormat(request) : undefined;
    const first = await context.call({ messages: draftMessages(request, { responseSchema: schema }), maxTokens: DRAFT_ANSWER_TOKENS, responseFormat });
    let parsed = parseTicketAnswer(first.text, answerContext(request));
    if (!parsed.ok) {
      const repaired = await context.call({
        messages: repairMessages(request, { raw: parsed.raw, error: parsed.error }, { responseSchema: schema }),
        maxTokens: DRAFT_ANSWER_TOKENS,
        responseFormat,
      });
      parsed = parseTicketAnswer(repaired.text, answerContext(request));
    }
    if (!parsed.ok) {
      context.update({ text: parsed.raw });
      throw new ProblemError({ kind: 'draft_invalid', status: null, message: parsed.error, retryAfterS: null, scope: null });
    }
    return { draft: parsed.draft, text: '' };
  };
}
