import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Env } from "./context.ts";
import { ApiError, errorBody } from "./errors.ts";

/**
 * Request bodies with a size limit, read straight from Node's IncomingMessage
 * when the API runs on @hono/node-server.
 *
 * Why not `c.req.json()` behind hono's `bodyLimit`: on Node, the first touch of
 * `c.req.raw.body` (which `bodyLimit` does on every POST) makes the adapter
 * build a WHATWG Request with an AbortController and a web ReadableStream over
 * the socket stream. Under `pnpm bench intake` that was ~17% of the API
 * process's CPU (`--cpu-prof`, newRequestFromIncoming inclusive), more than
 * the SQLite insert of the report. Reading the `data` events ourselves costs
 * a few microseconds.
 *
 * The middleware decides once per request which way the body is read:
 * - a JSON body with a declared `Content-Length` (no `Transfer-Encoding`) on the
 *   Node server: the header is checked against the limit (413 at once), and
 *   `c.req.text()`/`c.req.json()` (which the route validators call) get the
 *   bytes from the socket through hono's body cache, counting them again
 *   (lazy getters on the cache were measured 30% slower: `pnpm bench intake`, bare row);
 * - anything else (forms, chunked uploads, `app.request()` in tests): hono's
 *   `bodyLimit` buffers and counts the stream.
 */
export function limitBody(
  maxBytes: number,
  /** The 413 a browser's form gets instead of JSON (a page in the reader's language). */
  formPage?: (c: Context<Env>, maxBytes: number) => Promise<Response>,
): MiddlewareHandler<Env> {
  const tooLarge = (c: Context<Env>): Response | Promise<Response> =>
    formPage && isBrowserForm(c)
      ? formPage(c, maxBytes)
      : (c.json(errorBody("payload_too_large", `Body exceeds ${maxBytes} bytes`), 413) as Response);
  const buffered = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const incoming = nodeIncoming(c);
    // Node's own header object: `c.req.header()` would build a WHATWG Headers copy.
    const headers = incoming?.headers;
    const length = headers?.["content-length"];
    const declared = incoming && headers && length !== undefined && headers["transfer-encoding"] === undefined;
    // Any declared length over the limit is refused before the body is touched, so node-server
    // can drain the unread bytes and keep the connection (Node's parser refused a malformed one).
    if (declared && Number(length) > maxBytes) return tooLarge(c);
    if (declared && isJsonContentType(headers["content-type"])) {
      c.set("directBodyLimit", maxBytes);
      // hono's body cache: `c.req.text()`/`json()` and the route validators read from it. The
      // bytes are in the socket's buffers either way; a handler that never reads leaves them.
      const text = readIncoming(incoming, maxBytes).then((b) => b.toString("utf8"));
      text.catch(() => {}); // a refusal before reading (401, 415) must not be an unhandled rejection
      (c.req.bodyCache as { text?: Promise<string> }).text = text;
      return next();
    }
    return buffered(c, next);
  };
}

/**
 * A form a browser sent to a page: a form content type, outside the JSON API, not
 * asking for JSON (app.js's requests send `Accept: application/json`).
 */
function isBrowserForm(c: Context): boolean {
  return (
    !c.req.path.startsWith("/api/") &&
    !(c.req.header("accept") ?? "").includes("application/json") &&
    /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(c.req.header("content-type") ?? "")
  );
}

/** `application/json` or `application/<x>+json`, with or without parameters. */
export const isJsonContentType = (type: string | undefined): boolean =>
  /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type ?? "");

/** Node's IncomingMessage under @hono/node-server; undefined elsewhere (app.request in tests). */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  const incoming = env?.incoming;
  return incoming && typeof incoming.on === "function" && typeof incoming.readableEnded === "boolean"
    ? incoming
    : undefined;
}

function readIncoming(incoming: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (incoming.readableEnded) {
      reject(new Error("request body was already read"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        done();
        // Keep reading into the void so the socket can carry the 413 back.
        incoming.resume();
        reject(new ApiError("payload_too_large", `Body exceeds ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onAborted = () => {
      done();
      reject(new ApiError("invalid_request", "Request body was cut off"));
    };
    incoming.on("data", onData);
    incoming.once("end", onEnd);
    incoming.once("error", onError);
    incoming.once("aborted", onAborted);
  });
}
