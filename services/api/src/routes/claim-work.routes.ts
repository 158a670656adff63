import { VERDICTS } from "@klinik/core";
import { z } from "zod";
import { unwrap } from "../errors.ts";
import { assignClaim } from "../services/assignment.service.ts";
import { applyBulkAction } from "../services/claims.service.ts";
import { revertClaimVerdict, undoReviewAction } from "../services/undo.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { idParam } from "./schemas.ts";

// An analyst's work on claims beside the verdict itself: assignment, bulk actions, undo and revert.

const id64 = z.string().min(1).max(64);

const assignInput = z.object({
  assignee: z
    .union([id64, z.literal("me"), z.null()])
    .describe("A colleague's user id, `me` to take it, or null to unassign"),
  dueAt: z.string().datetime({ offset: true }).optional().describe("Default: 8 hours from now"),
});

const assignRoute = defineRoute({
  method: "post",
  path: "/{id}/assign",
  summary: "Assign a claim to a person of the clinic (or take it) with a due time; opening it never changes either",
  access: "clinic",
  permission: "claim.assign",
  resource: "cluster",
  request: { params: idParam, ...jsonBody(assignInput) },
  ok: {
    status: 200,
    description: "Assigned",
    schema: z.object({ assigneeId: z.string().nullable(), dueAt: z.string().nullable() }),
  },
  errors: [409],
});

const bulkInput = z.object({
  clusterIds: z.array(id64).max(500),
  action: z
    .discriminatedUnion("kind", [
      z.object({
        kind: z.literal("verdict"),
        verdict: z.enum(VERDICTS),
        note: z.string().trim().max(5_000).optional(),
      }),
      z.object({ kind: z.literal("dismiss") }),
      z.object({
        kind: z.literal("assign"),
        assigneeId: id64,
        dueAt: z.string().datetime({ offset: true }).optional(),
      }),
    ])
    .describe("Explicit: there is no default action"),
});

const bulkRoute = defineRoute({
  method: "post",
  path: "/bulk",
  summary: "One verdict, dismissal or assignment on many claims; verdicts and dismissals answer an actionId to undo",
  access: "clinic",
  permission: "verdict.give",
  request: jsonBody(bulkInput),
  ok: {
    status: 200,
    description: "Applied",
    schema: z.object({ applied: z.number(), skipped: z.number(), actionId: z.string().nullable() }),
  },
  errors: [403],
});

const undoRoute = defineRoute({
  method: "post",
  path: "/undo",
  summary: "Undo a whole verdict or bulk action (its author, within 10 minutes); claims changed since stay",
  access: "clinic",
  permission: "verdict.give",
  request: jsonBody(z.object({ actionId: id64 })),
  ok: {
    status: 200,
    description: "Undone",
    schema: z.object({ reverted: z.array(z.string()), changedSince: z.array(z.string()) }),
  },
  errors: [403, 409],
});

const revertRoute = defineRoute({
  method: "post",
  path: "/{id}/revert",
  summary: "Revert one verdict of this claim from its history (any time; the history keeps it, marked reverted)",
  access: "clinic",
  permission: "verdict.give",
  resource: "cluster",
  request: { params: idParam, ...jsonBody(z.object({ actionId: id64 })) },
  ok: { status: 200, description: "Reverted", schema: z.object({ reverted: z.boolean() }) },
  errors: [409],
});

export const claimWorkRoutes = apiApp()
  .openapi(assignRoute, async (c) => {
    const body = c.req.valid("json");
    const r = unwrap(
      await assignClaim(c.var.deps, c.var.principal, {
        clusterId: c.req.valid("param").id,
        assignee: body.assignee,
        due: body.dueAt,
      }),
    );
    return c.json({ assigneeId: r.assigneeId, dueAt: r.due }, 200);
  })
  .openapi(bulkRoute, async (c) => {
    const { clusterIds, action } = c.req.valid("json");
    const r = unwrap(
      await applyBulkAction(c.var.deps, c.var.principal, {
        clusterIds,
        action:
          action.kind === "verdict"
            ? { kind: "verdict", verdict: action.verdict, note: action.note ?? null }
            : action.kind === "assign"
              ? { kind: "assign", assigneeId: action.assigneeId, due: action.dueAt }
              : action,
      }),
    );
    return c.json({ applied: r.applied, skipped: r.skipped, actionId: r.actionId }, 200);
  })
  .openapi(undoRoute, async (c) => {
    const r = unwrap(await undoReviewAction(c.var.deps, c.var.principal, c.req.valid("json").actionId));
    return c.json({ reverted: r.reverted, changedSince: r.changedSince }, 200);
  })
  .openapi(revertRoute, async (c) => {
    const r = unwrap(
      await revertClaimVerdict(c.var.deps, c.var.principal, {
        clusterId: c.req.valid("param").id,
        actionId: c.req.valid("json").actionId,
      }),
    );
    return c.json(r, 200);
  });
