import { CLARIFICATION_STATUSES } from "@klinik/core";
import { z } from "zod";
import { encodeCursor, parseCursor } from "../cursor.ts";
import { clarificationDto } from "../dto.ts";
import { ApiError, unwrap } from "../errors.ts";
import { editClarification, withdrawClarification } from "../services/clarification-edits.service.ts";
import { editInput, rejectInput, withdrawInput } from "../services/clarification-inputs.ts";
import {
  approveClarification,
  createClarification,
  getClarification,
  listClarifications,
  publishClarification,
  rejectClarification,
} from "../services/clarifications.service.ts";
import { clarificationInput } from "../services/inputs.ts";
import { MAX_SEARCH_CHARS, searchClinicClarifications } from "../services/search.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { clinicQuery } from "./escalation.schemas.ts";
import { clarificationSchema, idParam, list, pageQuery } from "./schemas.ts";

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary:
    "The clinic's clarifications, drafts included, newest first (status=pending: those waiting for approval); with q, those matching q best first, each with its score (no cursor)",
  access: "clinic",
  permission: "queue.read",
  request: {
    query: pageQuery.extend({
      clinic: clinicQuery,
      status: z.enum(CLARIFICATION_STATUSES).optional(),
      q: z
        .string()
        .max(MAX_SEARCH_CHARS, `at most ${MAX_SEARCH_CHARS} characters`)
        .optional()
        .describe("Words or a whole message: full-text and claim similarity"),
    }),
  },
  ok: {
    status: 200,
    description: "Newest first, or best first with q",
    schema: list(clarificationSchema.extend({ score: z.number().optional() })),
  },
  errors: [400],
});
const createRoute = defineRoute({
  method: "post",
  path: "/",
  summary: "Create a draft clarification",
  access: "clinic",
  permission: "clarification.write",
  request: jsonBody(clarificationInput),
  ok: { status: 201, description: "Draft", schema: clarificationSchema },
  errors: [],
});
const getRoute = defineRoute({
  method: "get",
  path: "/{id}",
  summary: "One clarification",
  access: "clinic",
  permission: "queue.read",
  resource: "clarification",
  request: { params: idParam },
  ok: { status: 200, description: "The clarification", schema: clarificationSchema },
  errors: [],
});
const publishRoute = defineRoute({
  method: "post",
  path: "/{id}/publish",
  summary:
    "Publish a draft; matching claims in every clinic's queue get marked. In a clinic that requires approval, an analyst's draft waits for a publisher instead (202, status pending)",
  access: "clinic",
  permission: "clarification.publish",
  resource: "clarification",
  request: { params: idParam },
  ok: { status: 200, description: "Published", schema: clarificationSchema },
  alsoOk: [{ status: 202, description: "Waiting for a publisher's approval", schema: clarificationSchema }],
  errors: [409],
});
const approveRoute = defineRoute({
  method: "post",
  path: "/{id}/approve",
  summary: "Approve a clarification waiting for approval: it is published and matched at once",
  access: "clinic",
  permission: "clarification.approve",
  resource: "clarification",
  request: { params: idParam },
  ok: { status: 200, description: "Published", schema: clarificationSchema },
  errors: [409],
});
const rejectRoute = defineRoute({
  method: "post",
  path: "/{id}/reject",
  summary: "Send a clarification waiting for approval back to draft, with the reason (kept in its history)",
  access: "clinic",
  permission: "clarification.approve",
  resource: "clarification",
  request: { params: idParam, ...jsonBody(rejectInput) },
  ok: { status: 200, description: "Back to draft", schema: clarificationSchema },
  errors: [409],
});

const editRoute = defineRoute({
  method: "patch",
  path: "/{id}",
  summary:
    "Change a clarification. A draft changes as it is; a published one only with a `correction` note (listed on its public page, dateModified set; partners are told). In a clinic that requires approval only a publisher or admin changes a published one",
  access: "clinic",
  permission: "clarification.write",
  resource: "clarification",
  request: { params: idParam, ...jsonBody(editInput) },
  ok: { status: 200, description: "Changed", schema: clarificationSchema },
  errors: [409],
});
const withdrawRoute = defineRoute({
  method: "post",
  path: "/{id}/withdraw",
  summary:
    "Withdraw a published clarification with the reason: its URL stays and says so; it leaves public lists, feeds and matching. In a clinic that requires approval only a publisher or admin withdraws",
  access: "clinic",
  permission: "clarification.publish",
  resource: "clarification",
  request: { params: idParam, ...jsonBody(withdrawInput) },
  ok: { status: 200, description: "Withdrawn", schema: clarificationSchema },
  errors: [409],
});

export const clarificationRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    if (q.q?.trim()) {
      const found = unwrap(
        await searchClinicClarifications(
          c.var.deps,
          c.var.principal,
          { q: q.q, limit: q.limit, status: q.status },
          q.clinic,
        ),
      );
      const data = found.map((f) => ({
        id: f.id,
        title: f.title,
        body: f.body,
        verdict: f.verdict,
        status: f.status,
        createdAt: f.createdAt,
        publishedAt: f.publishedAt,
        updatedAt: f.updatedAt,
        withdrawnAt: f.withdrawnAt,
        withdrawnReason: f.withdrawnReason,
        score: f.score,
      }));
      return c.json({ data, nextCursor: null }, 200);
    }
    const before = parseCursor(q.cursor, z.object({ c: z.string().max(40) }));
    if (before === "invalid") throw new ApiError("invalid_request", "cursor: invalid");
    const rows = unwrap(
      await listClarifications(
        c.var.deps,
        c.var.principal,
        {
          limit: q.limit,
          status: q.status,
          ...(before ? { before: before.c } : {}),
        },
        q.clinic,
      ),
    );
    const last = rows.at(-1);
    return c.json(
      {
        data: rows.map((r) => clarificationDto(r, true)),
        nextCursor: rows.length === q.limit && last ? encodeCursor({ c: last.created_at }) : null,
      },
      200,
    );
  })
  .openapi(createRoute, async (c) => {
    const row = unwrap(await createClarification(c.var.deps, c.var.principal, c.req.valid("json")));
    return c.json(clarificationDto(row, true), 201);
  })
  .openapi(getRoute, async (c) => {
    const row = unwrap(await getClarification(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json(clarificationDto(row, true), 200);
  })
  .openapi(publishRoute, async (c) => {
    const r = unwrap(await publishClarification(c.var.deps, c.var.principal, c.req.valid("param").id));
    return r.status === "pending"
      ? c.json(clarificationDto(r.clarification, true), 202)
      : c.json(clarificationDto(r.clarification, true), 200);
  })
  .openapi(approveRoute, async (c) => {
    const r = unwrap(await approveClarification(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json(clarificationDto(r.clarification, true), 200);
  })
  .openapi(rejectRoute, async (c) => {
    const id = c.req.valid("param").id;
    const row = unwrap(await rejectClarification(c.var.deps, c.var.principal, { id, ...c.req.valid("json") }));
    return c.json(clarificationDto(row, true), 200);
  })
  .openapi(editRoute, async (c) => {
    const row = unwrap(
      await editClarification(c.var.deps, c.var.principal, c.req.valid("param").id, c.req.valid("json")),
    );
    return c.json(clarificationDto(row, true), 200);
  })
  .openapi(withdrawRoute, async (c) => {
    const id = c.req.valid("param").id;
    const row = unwrap(await withdrawClarification(c.var.deps, c.var.principal, { id, ...c.req.valid("json") }));
    return c.json(clarificationDto(row, true), 200);
  });
