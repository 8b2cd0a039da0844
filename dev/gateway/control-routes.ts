/**
 * The simulator's control routes under `/__sim/` (README): faults, reset, spend log, model and key
 * edits, clock. They change what every client of this gateway sees, so they answer only a peer on
 * the loopback interface, addressed by a loopback host name, with a JSON body: a web page open in
 * the same browser can neither send that content type without a CORS preflight (which these routes
 * do not answer) nor reach them through DNS rebinding.
 */
import type { z } from 'zod';
import { ClockBody, FaultsBody, KeysBody, ModelsBody, ResetBody, TeamPatch, UserPatch } from './control-api';
import { GuardrailsBody } from './guardrails';
import { headerValue, parseJson, readBody, sendJson } from './http';
import type { RequestContext } from './state';

export function isLoopbackPeer(remoteAddress: string | undefined): boolean {
  return remoteAddress === '127.0.0.1' || remoteAddress === '::ffff:127.0.0.1';
}

function isLoopbackHost(host: string | undefined): boolean {
  const name = host?.replace(/:\d+$/, '');
  return name === '127.0.0.1' || name === 'localhost';
}

const refuse = (ctx: RequestContext, status: number, detail: string) => sendJson(ctx.res, status, { detail });

async function readControlBody<S extends z.ZodType>(ctx: RequestContext, schema: S): Promise<z.output<S> | undefined> {
  if (!/^application\/json\b/.test(headerValue(ctx.req, 'content-type') ?? '')) {
    refuse(ctx, 415, 'control routes take Content-Type: application/json');
    return undefined;
  }
  const json = parseJson(await readBody(ctx.req));
  const parsed = json.ok ? schema.safeParse(json.value) : null;
  if (parsed?.success) return parsed.data;
  sendJson(ctx.res, 400, { detail: parsed ? parsed.error.issues : 'body is not JSON' });
  return undefined;
}

export async function handleControl(ctx: RequestContext): Promise<void> {
  if (!isLoopbackPeer(ctx.req.socket.remoteAddress) || !isLoopbackHost(ctx.req.headers.host)) {
    return refuse(ctx, 403, 'simulator control routes answer loopback clients only');
  }
  const { state } = ctx;
  const route = `${ctx.req.method} ${ctx.url.pathname}`;
  switch (route) {
    case 'GET /__sim/log':
      return sendJson(ctx.res, 200, state.log);
    case 'GET /__sim/requests':
      return sendJson(ctx.res, 200, state.requests);
    case 'POST /__sim/reset': {
      if (!(await readControlBody(ctx, ResetBody))) return;
      ctx.resetState();
      return sendJson(ctx.res, 200, { ok: true });
    }
    case 'POST /__sim/faults': {
      const body = await readControlBody(ctx, FaultsBody);
      if (body) sendJson(ctx.res, 200, state.faults.apply(body));
      return;
    }
    case 'POST /__sim/models': {
      const body = await readControlBody(ctx, ModelsBody);
      if (!body) return;
      try {
        state.models.upsert(body);
      } catch (error) {
        return sendJson(ctx.res, 400, { detail: error instanceof Error ? error.message : String(error) });
      }
      return sendJson(ctx.res, 200, { data: state.models.list() });
    }
    case 'POST /__sim/clock': {
      const body = await readControlBody(ctx, ClockBody);
      if (!body) return;
      state.clock.advance(body.advanceMs);
      return sendJson(ctx.res, 200, { now: new Date(state.clock.now()).toISOString() });
    }
    case 'POST /__sim/keys': {
      const body = await readControlBody(ctx, KeysBody);
      if (!body) return;
      try {
        for (const patch of Array.isArray(body) ? body : [body]) state.keys.upsert(patch);
      } catch (error) {
        return sendJson(ctx.res, 400, { detail: error instanceof Error ? error.message : String(error) });
      }
      return sendJson(ctx.res, 200, { ok: true });
    }
    case 'POST /__sim/teams': {
      const body = await readControlBody(ctx, TeamPatch);
      if (!body) return;
      try {
        state.keys.upsertTeam(body);
      } catch (error) {
        return sendJson(ctx.res, 400, { detail: error instanceof Error ? error.message : String(error) });
      }
      return sendJson(ctx.res, 200, { ok: true });
    }
    case 'POST /__sim/users': {
      const body = await readControlBody(ctx, UserPatch);
      if (!body) return;
      try {
        state.keys.upsertUser(body);
      } catch (error) {
        return sendJson(ctx.res, 400, { detail: error instanceof Error ? error.message : String(error) });
      }
      return sendJson(ctx.res, 200, { ok: true });
    }
    case 'POST /__sim/guardrails': {
      const body = await readControlBody(ctx, GuardrailsBody);
      if (!body) return;
      state.guardrails.set(body);
      return sendJson(ctx.res, 200, { ok: true });
    }
    default:
      return refuse(ctx, 404, `no control route ${route}`);
  }
}
