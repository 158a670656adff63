import { QUEUE_STATUSES } from "@klinik/core";
import { getItem, getSource, listItemMatches, listQueue, listVerdicts, recordVerdict } from "@klinik/db";
import { Hono } from "hono";
import { z } from "zod";
import { requireAuth } from "../auth.ts";
import type { Env } from "../context.ts";
import { itemDto, matchesByItem } from "../dto.ts";
import { notFound } from "../errors.ts";
import { itemsQuery, verdictBody } from "../schemas.ts";
import { decodeCursor, encodeCursor, jsonBody, queryParams } from "../validate.ts";

const cursorSchema = z.object({ s: z.number(), i: z.string() });
/** Without a status filter the queue shows what still needs work. */
const OPEN_STATUSES = ["new", "in_review"] as const;

export const itemRoutes = new Hono<Env>()
  .use(requireAuth)
  .get("/", async (c) => {
    const q = queryParams(c, itemsQuery);
    const cursor = decodeCursor(q.cursor, cursorSchema);
    const { tenant } = c.var.principal;
    const rows = await listQueue(c.var.deps.db, tenant.id, {
      statuses: q.status ? [q.status] : OPEN_STATUSES,
      limit: q.limit,
      cursor: cursor ? { score: cursor.s, id: cursor.i } : undefined,
    });
    const matches = matchesByItem(
      await listItemMatches(
        c.var.deps.db,
        tenant.id,
        rows.map((r) => r.id),
      ),
    );
    const last = rows.at(-1);
    return c.json({
      data: rows.map((r) => itemDto(r, matches.get(r.id) ?? [])),
      nextCursor: rows.length === q.limit && last ? encodeCursor({ s: last.score ?? 0, i: last.id }) : null,
      statuses: QUEUE_STATUSES,
    });
  })
  .get("/:id", async (c) => {
    const { tenant } = c.var.principal;
    const { db } = c.var.deps;
    const item = await getItem(db, tenant.id, c.req.param("id"));
    if (!item) throw notFound("Item");
    const source = item.source_id ? await getSource(db, tenant.id, item.source_id) : undefined;
    const verdicts = await listVerdicts(db, tenant.id, item.id);
    const matches = matchesByItem(await listItemMatches(db, tenant.id, [item.id]));
    return c.json({
      ...itemDto({ ...item, source_name: source?.name ?? null }, matches.get(item.id) ?? []),
      verdicts: verdicts.map((v) => ({
        id: v.id,
        verdict: v.verdict,
        note: v.note,
        userId: v.user_id,
        createdAt: v.created_at,
      })),
    });
  })
  .post("/:id/verdict", async (c) => {
    const body = await jsonBody(c, verdictBody);
    const { tenant, user } = c.var.principal;
    const v = await recordVerdict(c.var.deps.db, tenant.id, {
      itemId: c.req.param("id"),
      userId: user.id,
      verdict: body.verdict,
      note: body.note ?? null,
    });
    if (!v) throw notFound("Item");
    return c.json({ id: v.id, itemId: v.item_id, verdict: v.verdict, note: v.note, createdAt: v.created_at }, 201);
  });
