import { z } from "zod";
import * as s from "./schemas.ts";

type Op = {
  method: "get" | "post";
  path: string;
  summary: string;
  auth?: "bearer" | "admin";
  body?: z.ZodType;
  query?: z.ZodObject;
  ok: { status: number; schema?: z.ZodType; description: string };
  errors: number[];
};

const list = (item: z.ZodType) => z.object({ data: z.array(item), nextCursor: z.string().nullable().optional() });

/** The documented contract. Request schemas are the very ones the handlers validate with. */
const ops: Op[] = [
  {
    method: "get",
    path: "/health",
    summary: "Database and Redis liveness",
    ok: { status: 200, schema: z.object({ status: z.literal("ok") }), description: "Both answer" },
    errors: [503],
  },
  {
    method: "post",
    path: "/api/v1/auth/login",
    summary: "Log in, get a bearer token",
    body: s.loginBody,
    ok: {
      status: 200,
      description: "Token and user",
      schema: z.object({
        token: z.string(),
        expiresAt: z.string(),
        user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), tenantId: z.string() }),
      }),
    },
    errors: [400, 401, 413],
  },
  {
    method: "post",
    path: "/api/v1/public/{tenant}/reports",
    summary: "Public hoax report (no auth)",
    body: s.reportBody,
    ok: { status: 202, description: "Accepted", schema: z.object({ id: z.string(), itemId: z.string() }) },
    errors: [400, 404, 413],
  },
  {
    method: "get",
    path: "/api/v1/public/{tenant}/clarifications",
    summary: "Published clarifications of a clinic (no auth)",
    query: s.pageQuery,
    ok: { status: 200, description: "Newest first", schema: list(s.clarificationSchema) },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/v1/items",
    summary: "The caller's clinic review queue, highest score first",
    auth: "bearer",
    query: s.itemsQuery,
    ok: { status: 200, description: "A page of items", schema: list(s.itemSchema) },
    errors: [400, 401],
  },
  {
    method: "get",
    path: "/api/v1/items/{id}",
    summary: "One item with its verdict history",
    auth: "bearer",
    ok: { status: 200, description: "The item", schema: s.itemSchema },
    errors: [401, 404],
  },
  {
    method: "post",
    path: "/api/v1/items/{id}/verdict",
    summary: "Record a verdict",
    auth: "bearer",
    body: s.verdictBody,
    ok: { status: 201, description: "Recorded" },
    errors: [400, 401, 404, 413],
  },
  {
    method: "get",
    path: "/api/v1/clarifications",
    summary: "The clinic's clarifications, drafts included",
    auth: "bearer",
    query: s.pageQuery,
    ok: { status: 200, description: "Newest first", schema: list(s.clarificationSchema) },
    errors: [401],
  },
  {
    method: "post",
    path: "/api/v1/clarifications",
    summary: "Create a draft clarification",
    auth: "bearer",
    body: s.clarificationBody,
    ok: { status: 201, description: "Draft", schema: s.clarificationSchema },
    errors: [400, 401, 413],
  },
  {
    method: "get",
    path: "/api/v1/clarifications/{id}",
    summary: "One clarification",
    auth: "bearer",
    ok: { status: 200, description: "The clarification", schema: s.clarificationSchema },
    errors: [401, 404],
  },
  {
    method: "post",
    path: "/api/v1/clarifications/{id}/publish",
    summary: "Publish a draft",
    auth: "bearer",
    ok: { status: 200, description: "Published", schema: s.clarificationSchema },
    errors: [401, 404],
  },
  {
    method: "get",
    path: "/api/v1/sources",
    summary: "The clinic's sources with their health",
    auth: "admin",
    ok: { status: 200, description: "Sources", schema: list(s.sourceSchema) },
    errors: [401, 403],
  },
  {
    method: "post",
    path: "/api/v1/sources",
    summary: "Add a feed source",
    auth: "admin",
    body: s.sourceBody,
    ok: { status: 201, description: "Created", schema: s.sourceSchema },
    errors: [400, 401, 403, 409, 413],
  },
  {
    method: "post",
    path: "/api/v1/sources/{id}/pause",
    summary: "Pause a source",
    auth: "admin",
    ok: { status: 200, description: "Paused", schema: s.sourceSchema },
    errors: [401, 403, 404],
  },
  {
    method: "post",
    path: "/api/v1/sources/{id}/resume",
    summary: "Resume a paused source",
    auth: "admin",
    ok: { status: 200, description: "Resumed", schema: s.sourceSchema },
    errors: [401, 403, 404],
  },
  {
    method: "get",
    path: "/api/v1/clusters",
    summary: "The review queue as claims: one row per near-duplicate cluster",
    auth: "bearer",
    query: s.clustersQuery,
    ok: { status: 200, description: "A page of clusters", schema: list(s.clusterSchema) },
    errors: [400, 401],
  },
  {
    method: "get",
    path: "/api/v1/clusters/{id}",
    summary: "A cluster with its members, their similarity and matched clarifications",
    auth: "bearer",
    ok: { status: 200, description: "The cluster", schema: s.clusterSchema },
    errors: [401, 404],
  },
  {
    method: "post",
    path: "/api/v1/clusters/{id}/verdict",
    summary: "Verdict on a cluster, applied to every member",
    auth: "bearer",
    body: s.verdictBody,
    ok: { status: 201, description: "Recorded" },
    errors: [400, 401, 404],
  },
  {
    method: "post",
    path: "/api/v1/public/{tenant}/check",
    summary: "Published clarifications (any clinic) matching a text, best first (no auth)",
    body: s.checkBody,
    ok: { status: 200, description: "Matches", schema: list(s.matchSchema) },
    errors: [400, 404, 413],
  },
  {
    method: "post",
    path: "/api/v1/ingest/{tenant}/webhook/{sourceId}",
    summary:
      "Signed push of posts into a webhook source (header X-Klinik-Signature: sha256=HMAC-SHA256(secret, body) in hex)",
    body: s.webhookBody,
    ok: { status: 202, description: "Accepted", schema: z.object({ accepted: z.number(), added: z.number() }) },
    errors: [400, 401, 404, 409, 413],
  },
];

const jsonSchema = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" });

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = op.query
      ? Object.entries(op.query.shape).map(([name, schema]) => ({
          name,
          in: "query",
          required: false,
          schema: jsonSchema(schema as z.ZodType, "input"),
        }))
      : [];
    const responses: Record<string, unknown> = {
      [op.ok.status]: {
        description: op.ok.description,
        ...(op.ok.schema ? { content: { "application/json": { schema: jsonSchema(op.ok.schema, "output") } } } : {}),
      },
    };
    for (const code of op.errors) {
      responses[code] = {
        description: "Error",
        content: { "application/json": { schema: jsonSchema(s.errorSchema, "output") } },
      };
    }
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = {
      summary: op.summary,
      ...(op.auth ? { security: [{ bearer: [] }] } : {}),
      parameters: [...params, ...query],
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Klinik Hoaks API",
      version: "1.0.0",
      description: "Errors always have the shape {error:{code,message}}.",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths,
  };
}
