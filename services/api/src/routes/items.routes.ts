import { QUEUE_STATUSES } from "@klinik/core";
import { z } from "zod";
import { encodeCursor, parseCursor, scoreCursor } from "../cursor.ts";
import { itemDto, matchesByItem } from "../dto.ts";
import { ApiError, unwrap } from "../errors.ts";
import { giveItemVerdict } from "../services/claims.service.ts";
import { verdictInput } from "../services/inputs.ts";
import { getItem, listItems } from "../services/review.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { idParam, itemSchema, itemsQuery, list, verdictSchema } from "./schemas.ts";

/** Without a status filter the queue shows what still needs work. */
const OPEN_STATUSES = ["new", "in_review"] as const;

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "The caller's clinic review queue as single items, highest score first",
  access: "clinic",
  permission: "queue.read",
  request: { query: itemsQuery },
  ok: { status: 200, description: "A page of items", schema: list(itemSchema) },
  errors: [400],
});

const getRoute = defineRoute({
  method: "get",
  path: "/{id}",
  summary: "One item with its verdict history",
  access: "clinic",
  permission: "queue.read",
  resource: "item",
  request: { params: idParam },
  ok: {
    status: 200,
    description: "The item",
    schema: itemSchema.extend({
      verdicts: z.array(z.unknown()),
      reporter: z
        .object({
          contact: z.string().nullable(),
          contactErasedAt: z.string().nullable(),
          ticket: z.string().nullable(),
        })
        .nullable()
        .describe(
          "A public report's contact (erased after the clinic's retention) and ticket; null for viewers and integration tokens (permission report.contact)",
        ),
    }),
  },
  errors: [],
});

const verdictRoute = defineRoute({
  method: "post",
  path: "/{id}/verdict",
  summary: "Verdict on one item (refused while a colleague holds its claim)",
  access: "clinic",
  permission: "verdict.give",
  resource: "item",
  claim: true,
  request: { params: idParam, ...jsonBody(verdictInput) },
  ok: { status: 201, description: "Recorded", schema: verdictSchema },
  errors: [409],
});

export const itemRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const cursor = parseCursor(q.cursor, scoreCursor);
    if (cursor === "invalid") throw new ApiError("invalid_request", "cursor: invalid");
    const { rows, matches } = unwrap(
      await listItems(c.var.deps, c.var.principal, {
        statuses: q.status ? [q.status] : OPEN_STATUSES,
        limit: q.limit,
        cursor: cursor ? { score: cursor.s, id: cursor.i } : undefined,
      }),
    );
    const byItem = matchesByItem(matches);
    const last = rows.at(-1);
    return c.json(
      {
        data: rows.map((r) => itemDto(r, byItem.get(r.id) ?? [])),
        nextCursor: rows.length === q.limit && last ? encodeCursor({ s: last.score ?? 0, i: last.id }) : null,
        statuses: QUEUE_STATUSES,
      },
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const { item, verdicts, matches, reporter } = unwrap(
      await getItem(c.var.deps, c.var.principal, c.req.valid("param").id),
    );
    return c.json(
      {
        ...itemDto(item, matchesByItem(matches).get(item.id) ?? []),
        verdicts: verdicts.map((v) => ({
          id: v.id,
          verdict: v.verdict,
          note: v.note,
          userId: v.user_id,
          createdAt: v.created_at,
        })),
        reporter: reporter
          ? { contact: reporter.contact, contactErasedAt: reporter.erasedAt, ticket: reporter.ticket }
          : null,
      },
      200,
    );
  })
  .openapi(verdictRoute, async (c) => {
    const body = c.req.valid("json");
    const v = unwrap(
      await giveItemVerdict(c.var.deps, c.var.principal, {
        itemId: c.req.valid("param").id,
        verdict: body.verdict,
        note: body.note ?? null,
      }),
    );
    return c.json({ id: v.id, itemId: v.item_id, verdict: v.verdict, note: v.note, createdAt: v.created_at }, 201);
  });
