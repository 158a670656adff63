import { z } from "zod";
import { encodeCursor, parseCursor } from "../cursor.ts";
import { clarificationDto, matchDto } from "../dto.ts";
import { ApiError, unwrap } from "../errors.ts";
import { clientAddress } from "../rate-limit.ts";
import { checkInput, reportInput } from "../services/inputs.ts";
import { checkMessage, publicClarifications, submitReport } from "../services/intake.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { clarificationSchema, list, matchSchema, pageQuery, slugParam } from "./schemas.ts";

const reportRoute = defineRoute({
  method: "post",
  path: "/{tenant}/reports",
  summary: "Public hoax report (no login; the contact stays with the clinic's analysts)",
  access: "public",
  request: { params: slugParam, ...jsonBody(reportInput) },
  ok: { status: 202, description: "Stored", schema: z.object({ id: z.string(), itemId: z.string() }) },
  errors: [404, 429],
});
const clarificationsRoute = defineRoute({
  method: "get",
  path: "/{tenant}/clarifications",
  summary: "Published clarifications of a clinic, newest first (no login)",
  access: "public",
  request: { params: slugParam, query: pageQuery },
  ok: {
    status: 200,
    description: "Newest first",
    schema: list(clarificationSchema).extend({
      clinic: z.object({
        slug: z.string(),
        name: z.string().describe("The clinic's public name (its display name when set)"),
        logoUrl: z.string().nullable(),
        contact: z.string().nullable(),
      }),
    }),
  },
  errors: [400, 404],
});
const checkRoute = defineRoute({
  method: "post",
  path: "/{tenant}/check",
  summary: "Published clarifications (any clinic) matching a text, best first (no login)",
  access: "public",
  request: { params: slugParam, ...jsonBody(checkInput) },
  ok: {
    status: 200,
    description: "Matches",
    schema: list(matchSchema.extend({ tier: z.enum(["confirmed", "suggested"]), body: z.string() })),
  },
  errors: [404, 429],
});

/** Endpoints without login: the public reports hoaxes and reads clarifications. */
export const publicRoutes = apiApp()
  .openapi(reportRoute, async (c) => {
    const body = c.req.valid("json");
    const { deps } = c.var;
    const r = unwrap(
      await submitReport(deps, {
        slug: c.req.valid("param").tenant,
        address: clientAddress(c, deps.config.TRUST_PROXY),
        ...body,
      }),
    );
    return c.json({ id: r.reportId, itemId: r.itemId }, 202);
  })
  .openapi(clarificationsRoute, async (c) => {
    const q = c.req.valid("query");
    const before = parseCursor(q.cursor, z.object({ p: z.string().max(40) }));
    if (before === "invalid") throw new ApiError("invalid_request", "cursor: invalid");
    const { clinic, rows } = unwrap(
      await publicClarifications(c.var.deps, c.req.valid("param").tenant, {
        limit: q.limit,
        ...(before ? { before: before.p } : {}),
      }),
    );
    const last = rows.at(-1);
    return c.json(
      {
        clinic: {
          slug: clinic.slug,
          name: clinic.display_name ?? clinic.name,
          logoUrl: clinic.logo_url,
          contact: clinic.contact,
        },
        data: rows.map((r) => clarificationDto(r, false)),
        nextCursor: rows.length === q.limit && last?.published_at ? encodeCursor({ p: last.published_at }) : null,
      },
      200,
    );
  })
  .openapi(checkRoute, async (c) => {
    const { deps } = c.var;
    const rows = unwrap(
      await checkMessage(deps, {
        slug: c.req.valid("param").tenant,
        address: clientAddress(c, deps.config.TRUST_PROXY),
        text: c.req.valid("json").text,
      }),
    );
    return c.json(
      {
        data: rows.map((r) => ({
          ...matchDto({ ...r, clarification_id: r.id, similarity: r.similarity }),
          tier: r.tier,
          body: r.body,
        })),
      },
      200,
    );
  });
