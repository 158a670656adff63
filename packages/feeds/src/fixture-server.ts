// Test helper: a local HTTP server for recorded and hostile fixtures. Not exported from index.ts.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface FixtureServer {
  origin: string;
  /** Register a handler for an exact path (query string ignored). */
  route(path: string, handler: Handler): void;
  /** Requests seen per path, in arrival order. */
  requests: http.IncomingMessage[];
  connections(): number;
  close(): Promise<void>;
}

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

export function serve(body: string | Buffer, headers: http.OutgoingHttpHeaders = {}, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/rss+xml; charset=utf-8", ...headers });
    res.end(body);
  };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Handler>();
  const requests: http.IncomingMessage[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push(req);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const handler = routes.get(path);
    if (handler) return handler(req, res);
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  server.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    route: (path, handler) => routes.set(path, handler),
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
