import { createRoute, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { TOKEN_SCOPES } from "@klinik/core";
import type { MiddlewareHandler } from "hono";
import type { ZodType } from "zod";
import { requireAuth } from "../auth.ts";
import type { Env } from "../context.ts";
import { ApiError } from "../errors.ts";
import { type MachineToken, requireOperator } from "../operator-auth.ts";
import { PERMISSIONS, type Permission, SCOPE_PERMISSIONS } from "../services/actor.ts";
import { describeZodError } from "../services/inputs.ts";
import { errorSchema } from "./schemas.ts";

/**
 * Who may call a route. The shared security suite (test/security.test.ts) reads
 * this from /openapi.json for every mounted route and tries the ways in that do
 * not belong: a route without it fails the suite.
 * - public: anyone (rate limits may apply);
 * - clinic: a logged-in person of the clinic whose role has `permission`; `resource`
 *   names the clinic-owned thing the `{id}` in the path is (another clinic's
 *   answers 404); `claim` marks routes refused while a colleague holds the claim;
 * - webhook: a sender holding the source's secret;
 * - operator: the instance operator only (a session of a person with the operator flag,
 *   `instance.operate`), or whoever holds the setting named by `machineToken` (e.g. a
 *   Prometheus scraper's METRICS_TOKEN); the suite tries it without a token, with each
 *   clinic role and with integration tokens (401/403).
 */
export type Access =
  | { access: "public" }
  | { access: "webhook" }
  | {
      access: "operator";
      machineToken?: MachineToken;
      /** What the `{id}` in the path is: an instance-wide thing no clinic owns. */
      resource?: "instanceModel";
    }
  | {
      access: "clinic";
      /** What the route does, in the services' permission table: the roles come from there. */
      permission: Permission;
      resource?: Resource;
      claim?: boolean;
    };

/** Clinic-owned things a path's `{id}` can name. */
export type Resource =
  | "item"
  | "cluster"
  | "clarification"
  | "source"
  | "user"
  | "token"
  | "clinic"
  | "escalation"
  | "model"
  | "webhook";

/** A success answer; `contentType` for one that is not JSON (e.g. `text/csv` with a string schema). */
type Success = { status: 200 | 201 | 202; description: string; schema?: ZodType; contentType?: string };

/** Validation failures answer 400 in the one error shape, naming the field. */
export const apiApp = () =>
  new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) throw new ApiError("invalid_request", describeZodError(result.error));
    },
  });

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid request (the message names the field)",
  401: "No or bad credentials",
  403: "The caller's role may not do this",
  404: "Unknown, or another clinic's",
  409: "Conflict (e.g. a colleague holds the claim)",
  413: "Body over 256 KiB",
  415: "Body is not application/json",
  429: "Too many requests; see Retry-After",
  503: "A dependency is down",
};

/**
 * A route defined once: method, path, schemas, who may call it, and its
 * OpenAPI entry. Clinic routes get `requireAuth` here, so none can forget it.
 */
export function defineRoute<
  const R extends Omit<RouteConfig, "responses" | "middleware" | "security"> & {
    ok: Success;
    /** Other success answers, e.g. 202 when the work waits for someone else. */
    alsoOk?: Success[];
    errors: number[];
    middleware?: MiddlewareHandler<Env>[];
  },
>(spec: R & Access) {
  const { ok, alsoOk = [], errors, access, middleware = [], ...rest } = spec;
  const meta =
    access === "clinic"
      ? {
          "x-klinik-access": access,
          "x-klinik-permission": spec.permission,
          "x-klinik-roles": PERMISSIONS[spec.permission],
          "x-klinik-scopes": TOKEN_SCOPES.filter((s) => SCOPE_PERMISSIONS[s].includes(spec.permission)),
          ...(spec.resource ? { "x-klinik-resource": spec.resource } : {}),
          ...(spec.claim ? { "x-klinik-claim": true } : {}),
        }
      : {
          "x-klinik-access": access,
          ...(spec.access === "operator" && spec.resource ? { "x-klinik-operator-resource": spec.resource } : {}),
        };
  const {
    permission: _p,
    resource: _s,
    claim: _c,
    machineToken,
    ...config
  } = rest as typeof rest & Record<string, unknown> & { machineToken?: MachineToken };
  const codes = new Set([...errors, ...(access === "clinic" ? [401, 404] : access === "operator" ? [401, 403] : [])]);
  const guard = access === "clinic" ? [requireAuth] : access === "operator" ? [requireOperator(machineToken)] : [];
  if (config.request && "body" in (config.request as object)) codes.add(400).add(413).add(415);
  const route = createRoute({
    ...(config as Omit<RouteConfig, "responses">),
    ...meta,
    ...(access === "clinic" || access === "operator" ? { security: [{ bearer: [] }] } : {}),
    middleware: [...guard, ...middleware],
    responses: {
      ...Object.fromEntries(
        [...alsoOk, ok].map((s) => [
          s.status,
          {
            description: s.description,
            ...(s.schema ? { content: { [s.contentType ?? "application/json"]: { schema: s.schema } } } : {}),
          },
        ]),
      ),
      ...Object.fromEntries(
        [...codes].map((code) => [
          code,
          {
            description: ERROR_TEXT[code] ?? "Error",
            content: { "application/json": { schema: errorSchema } },
          },
        ]),
      ),
    },
  } as RouteConfig);
  // The request schemas keep their types for the handler (`c.req.valid("json")`).
  return route as unknown as Omit<typeof route, "request" | "method" | "path"> &
    Pick<R, Extract<"method" | "path" | "request", keyof R>>;
}

/** JSON request body of a route. */
export const jsonBody = <S extends ZodType>(schema: S) => ({
  body: { required: true as const, content: { "application/json": { schema } } },
});
