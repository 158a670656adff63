import type { Tenant } from "@klinik/db";
import { z } from "zod";
import { encodeCursor, parseCursor } from "../cursor.ts";
import { clarificationDto } from "../dto.ts";
import { ApiError, unwrap } from "../errors.ts";
import { clientAddress } from "../rate-limit.ts";
import { checkInput, reportInput } from "../services/inputs.ts";
import { publicClarifications, submitReport } from "../services/intake.service.ts";
import { reportStatus } from "../services/public-site.service.ts";
import {
  checkMessage,
  clarificationPath,
  MAX_SEARCH_CHARS,
  searchPublicClarifications,
} from "../services/search.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { clarificationSchema, list, pageQuery, publicMatchSchema, slugParam } from "./schemas.ts";

const reportStatusSchema = z.object({
  ticket: z.string(),
  receivedAt: z.string(),
  stage: z.enum(["received", "in_review", "decided", "clarified"]),
  verdict: z.string().nullable(),
  clarification: z.object({ id: z.string(), title: z.string(), verdict: z.string(), url: z.string() }).nullable(),
});

const reportRoute = defineRoute({
  method: "post",
  path: "/{tenant}/reports",
  summary: "Public hoax report (no login; the contact stays with the clinic's analysts)",
  access: "public",
  request: { params: slugParam, ...jsonBody(reportInput) },
  ok: {
    status: 202,
    description: "Stored; the reporter follows it with the ticket (GET …/reports/{ticket}, /k/{slug}/laporan/{ticket})",
    schema: z.object({ id: z.string(), itemId: z.string(), ticket: z.string() }),
  },
  errors: [404, 429],
});
const reportStatusRoute = defineRoute({
  method: "get",
  path: "/{tenant}/reports/{ticket}",
  summary: "Where a public report stands, by its ticket (no login; never the contact)",
  access: "public",
  request: { params: slugParam.extend({ ticket: z.string().max(40) }) },
  ok: { status: 200, description: "Progress", schema: reportStatusSchema },
  errors: [404, 429],
});
const clarificationsRoute = defineRoute({
  method: "get",
  path: "/{tenant}/clarifications",
  summary:
    "Published clarifications of a clinic, newest first; with q, those matching q best first (full-text and claim similarity, each with its score; no cursor) (no login)",
  access: "public",
  request: {
    params: slugParam,
    query: pageQuery.extend({
      q: z
        .string()
        .max(MAX_SEARCH_CHARS, `at most ${MAX_SEARCH_CHARS} characters`)
        .optional()
        .describe("Words or a whole message to search for"),
    }),
  },
  ok: {
    status: 200,
    description: "Newest first, or best first with q",
    schema: list(
      clarificationSchema.extend({
        score: z.number().optional().describe("With q: how well it matches, 0..1"),
        url: z.string().describe("Its public page"),
      }),
    ).extend({
      clinic: z.object({
        slug: z.string(),
        name: z.string().describe("The clinic's public name (its display name when set)"),
        logoUrl: z.string().nullable(),
        contact: z.string().nullable(),
      }),
    }),
  },
  errors: [400, 404, 429],
});
const checkRoute = defineRoute({
  method: "post",
  path: "/{tenant}/check",
  summary:
    "Has this message been clarified? Published clarifications of any clinic that the text retells, best first, each with its score (full-text and claim similarity; weak matches left out) (no login)",
  access: "public",
  request: { params: slugParam, ...jsonBody(checkInput) },
  ok: { status: 200, description: "Matches, best first", schema: list(publicMatchSchema) },
  errors: [400, 404, 429],
});

const publicClinicDto = (clinic: Tenant) => ({
  slug: clinic.slug,
  name: clinic.display_name ?? clinic.name,
  logoUrl: clinic.logo_url,
  contact: clinic.contact,
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
    return c.json({ id: r.reportId, itemId: r.itemId, ticket: r.ticket }, 202);
  })
  .openapi(reportStatusRoute, async (c) => {
    const { deps } = c.var;
    const { tenant, ticket } = c.req.valid("param");
    const r = unwrap(
      await reportStatus(deps, { slug: tenant, ticket, address: clientAddress(c, deps.config.TRUST_PROXY) }),
    );
    const s = r.status;
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        ticket: s.ticket,
        receivedAt: s.receivedAt,
        stage: s.stage,
        verdict: s.verdict,
        clarification: s.clarification
          ? {
              id: s.clarification.id,
              title: s.clarification.title,
              verdict: s.clarification.verdict,
              url: s.clarification.path,
            }
          : null,
      },
      200,
    );
  })
  .openapi(clarificationsRoute, async (c) => {
    const q = c.req.valid("query");
    if (q.q?.trim()) {
      const { deps } = c.var;
      const found = unwrap(
        await searchPublicClarifications(deps, {
          slug: c.req.valid("param").tenant,
          address: clientAddress(c, deps.config.TRUST_PROXY),
          q: q.q,
          limit: q.limit,
        }),
      );
      const data = found.rows.map((r) => ({
        id: r.id,
        title: r.title,
        body: r.body,
        verdict: r.verdict,
        status: "published" as const,
        createdAt: r.createdAt,
        publishedAt: r.publishedAt,
        updatedAt: r.updatedAt,
        withdrawnAt: null,
        withdrawnReason: null,
        score: r.score,
        url: r.url,
      }));
      return c.json({ clinic: publicClinicDto(found.clinic), data, nextCursor: null }, 200);
    }
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
        clinic: publicClinicDto(clinic),
        data: rows.map((r) => ({ ...clarificationDto(r, false), url: clarificationPath(clinic.slug, r.id) })),
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
    return c.json({ data: rows }, 200);
  });
