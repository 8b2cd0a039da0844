/**
 * The LiteLLM-compatible gateway simulator (issue 2): LiteLLM's routes on 127.0.0.1, CORS as
 * LiteLLM's Starlette middleware does it, and the `/__sim/` control routes on the same port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChat } from './chat';
import { handleControl } from './control-routes';
import { answerPreflight, corsResponseHeaders, isPreflight } from './cors';
import { methodNotAllowed, routeNotFound } from './errors';
import { sendError, sendJson } from './http';
import { handleKeyInfo, handleLiveliness, handleModelInfo, handleModels, handleTeamInfo, handleUserInfo } from './info-routes';
import { handleKeyGenerate } from './key-generate';
import { createState, type GatewayOptions, type RequestContext, resolveConfig } from './state';

export type { GatewayOptions } from './state';

export interface RunningGateway {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  port: number;
  /** Stops listening and ends every open request and stream at once. */
  close(): Promise<void>;
}

type Handler = (ctx: RequestContext) => void | Promise<void>;

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/v1/chat/completions': { POST: handleChat },
  '/chat/completions': { POST: handleChat },
  '/key/info': { GET: handleKeyInfo },
  '/user/info': { GET: handleUserInfo },
  '/team/info': { GET: handleTeamInfo },
  '/key/generate': { POST: handleKeyGenerate },
  '/v1/models': { GET: handleModels },
  '/models': { GET: handleModels },
  '/model/info': { GET: handleModelInfo },
  '/v1/model/info': { GET: handleModelInfo },
  '/health/liveliness': { GET: handleLiveliness },
  '/health/liveness': { GET: handleLiveliness },
};

const INTERNAL_ERROR = { error: { message: 'Internal server error', type: 'internal_server_error', param: null, code: '500' } };

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const config = resolveConfig(options);
  let state = createState(config);
  const shutdown = new AbortController();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isControl = url.pathname.startsWith('/__sim/');
    if (!isControl && isPreflight(req)) return answerPreflight(req, res);
    const ended = new AbortController();
    res.on('close', () => ended.abort());
    const ctx: RequestContext = {
      req,
      res,
      url,
      state,
      cors: isControl ? {} : corsResponseHeaders(req),
      signal: AbortSignal.any([ended.signal, shutdown.signal]),
      closing: () => shutdown.signal.aborted,
      resetState: () => {
        state = createState(config);
      },
    };
    if (isControl) return handleControl(ctx);
    state.requests.push(`${req.method} ${url.pathname}`);
    const route = ROUTES[url.pathname];
    const handler = route?.[req.method ?? ''];
    if (!route) return sendError(res, routeNotFound(), ctx.cors);
    if (!handler) return sendError(res, methodNotAllowed(), ctx.cors);
    return handler(ctx);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A client that leaves mid-upload ends its request with an error; that is not ours to report.
      if (res.destroyed) return;
      console.error('[gateway] unhandled error:', error);
      sendJson(res, 500, INTERNAL_ERROR, corsResponseHeaders(req));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
