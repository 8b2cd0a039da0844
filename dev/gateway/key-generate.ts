/**
 * `POST /key/generate` (contract §5), for the master key only: a new virtual key with the given
 * models, budget, budget period, expiry (`duration`) and limits, usable at once.
 */
import { randomBytes } from 'node:crypto';
import { KeyGenerateRequest, type KeyGenerateResponse } from '../../lib/gateway/wire';
import { authenticate } from './auth';
import { durationEnd, parseDuration } from './durations';
import * as errors from './errors';
import { parseJson, readBody, sendError, sendJson } from './http';
import { hashKey, maskKey } from './keys';
import { keyInfoBody } from './info-routes';
import { isoUtc } from './py-format';
import type { RequestContext } from './state';

export async function handleKeyGenerate(ctx: RequestContext): Promise<void> {
  const { state, res, cors } = ctx;
  const now = state.clock.now();
  const auth = authenticate(ctx.req, state, { llm: false });
  if (!auth.ok) return sendError(res, auth.error, cors);
  if (auth.caller.kind !== 'master') return sendError(res, errors.adminOnlyRoute('/key/generate', auth.caller.account.record.user_id), cors);
  if (!state.config.database) return sendError(res, errors.keyRoutesNeedDatabase(), cors);

  const json = parseJson(await readBody(ctx.req));
  // FastAPI validates the body before the endpoint runs and answers 422 {"detail": [...]}.
  const parsed = json.ok ? KeyGenerateRequest.safeParse(json.value) : null;
  if (!parsed?.success) {
    const detail = parsed
      ? parsed.error.issues.map((i) => ({ type: i.code, loc: ['body', ...i.path.map(String)], msg: i.message }))
      : [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }];
    return sendError(res, errors.validationFailed(detail), cors);
  }
  const request = parsed.data;
  // LiteLLM masks a rejected custom key as in the "Virtual Key expected" message.
  if (request.key !== undefined && !request.key.startsWith('sk-')) {
    return sendError(res, errors.badRequest(`Invalid key format. LiteLLM Virtual Key must start with 'sk-'. Received: ${maskKey(request.key)}`, 'key'), cors);
  }
  if (request.key !== undefined && state.keys.get(hashKey(request.key))) return sendError(res, errors.badRequest('Unique constraint failed on the fields: (`token`)', 'key'), cors);
  const duration = request.duration ? parseDuration(request.duration) : null;
  if (request.duration && !duration) return sendError(res, errors.badRequest(`Unsupported duration unit, passed duration: ${request.duration}`, 'duration'), cors);
  if (request.budget_duration && !parseDuration(request.budget_duration)) {
    return sendError(res, errors.badRequest(`Unsupported duration unit, passed duration: ${request.budget_duration}`, 'budget_duration'), cors);
  }

  // LiteLLM: "sk-" + secrets.token_urlsafe(16), 22 url-safe characters.
  const key = request.key ?? `sk-${randomBytes(16).toString('base64url')}`;
  const account = state.keys.upsert({
    key,
    key_alias: request.key_alias ?? null,
    models: request.models ?? [],
    max_budget: request.max_budget ?? null,
    budget_duration: request.budget_duration ?? null,
    expires: duration ? isoUtc(durationEnd(duration, now)) : null,
    rpm_limit: request.rpm_limit ?? null,
    tpm_limit: request.tpm_limit ?? null,
    user_id: request.user_id ?? null,
    team_id: request.team_id ?? null,
    metadata: request.metadata ?? {},
    blocked: request.blocked ?? null,
  });
  const answer: KeyGenerateResponse & { token: string } = { ...keyInfoBody(account, account.written), key, token_id: account.hash, token: account.hash };
  sendJson(res, 200, answer, cors);
}
