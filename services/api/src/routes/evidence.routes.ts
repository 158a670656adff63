import type { EvidenceOwner } from "@klinik/db";
import { z } from "zod";
import { evidenceDto } from "../dto.ts";
import { unwrap } from "../errors.ts";
import { addEvidence, evidenceInput, removeEvidence } from "../services/evidence.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { evidenceSchema, idParam } from "./schemas.ts";

// Evidence links on claims and clarifications: the same two routes for each.

const evidenceParams = idParam.extend({ evidenceId: z.string().min(1).max(64) });

function routesFor(kind: "clusters" | "clarifications") {
  const resource = kind === "clusters" ? "cluster" : "clarification";
  const permission = kind === "clusters" ? "note.write" : "clarification.write";
  const add = defineRoute({
    method: "post",
    path: `/${kind}/{id}/evidence`,
    summary: `Add an evidence link (http/https URL, title, kind) to a ${resource}`,
    access: "clinic",
    permission,
    resource,
    request: { params: idParam, ...jsonBody(evidenceInput) },
    ok: { status: 201, description: "Added", schema: evidenceSchema },
    errors: [409],
  });
  const remove = defineRoute({
    method: "delete",
    path: `/${kind}/{id}/evidence/{evidenceId}`,
    summary: `Remove an evidence link from a ${resource}`,
    access: "clinic",
    permission,
    resource,
    request: { params: evidenceParams },
    ok: { status: 200, description: "Removed", schema: z.object({ ok: z.literal(true) }) },
    errors: [],
  });
  const owner = (id: string): EvidenceOwner => (kind === "clusters" ? { cluster: id } : { clarification: id });
  return apiApp()
    .openapi(add, async (c) => {
      const row = unwrap(
        await addEvidence(c.var.deps, c.var.principal, owner(c.req.valid("param").id), c.req.valid("json")),
      );
      return c.json(evidenceDto(row), 201);
    })
    .openapi(remove, async (c) => {
      const p = c.req.valid("param");
      unwrap(await removeEvidence(c.var.deps, c.var.principal, owner(p.id), p.evidenceId));
      return c.json({ ok: true as const }, 200);
    });
}

export const evidenceRoutes = apiApp().route("/", routesFor("clusters")).route("/", routesFor("clarifications"));
