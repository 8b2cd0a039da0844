/**
 * Serves the corpus and the test pages on 127.0.0.1, as a web site would: tests open
 * `/corpus/pages/ars-1/source.html` or `/test/empty.html` (from tests/e2e/sites).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { corpusDir, testSitesDir } from './paths';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.pdf': 'application/pdf', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8' };

export interface StaticServer {
  origin: string;
  /** Every request the server received, so tests can prove what was (not) fetched. */
  requests(): { url: string; headers: Record<string, string | string[] | undefined> }[];
  url(path: string): string;
  close(): Promise<void>;
}

function resolvePath(urlPath: string): string | null {
  const clean = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  const [root, rest] = clean.startsWith('/corpus/') ? [corpusDir, clean.slice('/corpus/'.length)] : clean.startsWith('/test/') ? [testSitesDir, clean.slice('/test/'.length)] : [null, ''];
  if (!root) return null;
  const file = join(root, rest);
  return file.startsWith(root) && existsSync(file) && statSync(file).isFile() ? file : null;
}

export async function startStaticServer(): Promise<StaticServer> {
  const seen: { url: string; headers: Record<string, string | string[] | undefined> }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const file = resolvePath(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests: () => [...seen],
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    // A browser still open holds keep-alive connections, which would hold close() until they idle out.
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
