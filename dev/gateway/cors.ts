/**
 * LiteLLM's CORS, which is Starlette's CORSMiddleware as `proxy_server.py` configures it
 * (contract §2): any origin, no credentials, every method and header, and only
 * LITELLM_UI_ALLOW_HEADERS exposed. The cost and spend headers are not exposed, so a page (or a
 * content script) cannot read them; only a context exempt from CORS can.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const LITELLM_UI_ALLOW_HEADERS = [
  'x-litellm-semantic-filter',
  'x-litellm-semantic-filter-tools',
  'x-litellm-adaptive-router-model',
  'x-litellm-applied-guardrails',
  'x-litellm-guardrail-scan-id',
  'x-litellm-guardrail-scan-metadata',
  'x-litellm-cache-key',
] as const;

// Starlette (1.x, as LiteLLM 1.108.7 ships it) expands allow_methods=["*"] into this list.
const ALL_METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY';

/** Headers Starlette adds to an actual (non-preflight) response, only when the request has an Origin. */
export function corsResponseHeaders(req: IncomingMessage): Record<string, string> {
  if (req.headers.origin === undefined) return {};
  return { 'access-control-allow-origin': '*', 'access-control-expose-headers': LITELLM_UI_ALLOW_HEADERS.join(', '), vary: 'Origin' };
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
}

/**
 * Starlette answers a preflight itself, before any route: 200 with body "OK", the requested
 * headers mirrored back (allow_headers=["*"]), and max-age 600.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requestedHeaders = req.headers['access-control-request-headers'];
  res.writeHead(200, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': ALL_METHODS,
    'access-control-max-age': '600',
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
    ...(requestedHeaders ? { 'access-control-allow-headers': requestedHeaders } : {}),
    'content-type': 'text/plain; charset=utf-8',
  });
  res.end('OK');
}
