import { z } from "zod";
import { unwrap } from "../errors.ts";
import {
  activateInstanceModel,
  activateModel,
  instanceModelHistory,
  instanceModelStatus,
  modelHistory,
  modelStatus,
  requestInstanceRetrain,
  requestRetrain,
} from "../services/model.service.ts";
import { apiApp, defineRoute } from "./define.ts";
import { idParam } from "./schemas.ts";

const runSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    baseVersion: z.string(),
    outcome: z.enum(["promoted", "refused"]),
    active: z.boolean(),
    trigger: z.enum(["threshold", "schedule", "request"]),
    verdicts: z.number().int(),
    positives: z.number().int(),
    heldOut: z.number().int(),
    metrics: z.record(z.string(), z.unknown()),
    refusal: z.string().nullable(),
    trainMs: z.number(),
    artefactBytes: z.number().int(),
    createdAt: z.string(),
    activatedAt: z.string().nullable(),
  })
  .openapi("ModelRun");

const statusRoute = defineRoute({
  method: "get",
  path: "/",
  summary:
    "The clinic's active scoring model and whether a training run waits or runs; without one of its own, the instance model's version that scores it (null: the shipped base model)",
  access: "clinic",
  permission: "model.read",
  ok: {
    status: 200,
    description: "Active model and training state",
    schema: z.object({
      active: runSchema.nullable(),
      instanceVersion: z.string().nullable().openapi({
        description: "The active instance model scoring the clinic when it has no active model of its own; else null",
      }),
      training: z.boolean(),
    }),
  },
  errors: [],
});

const historyRoute = defineRoute({
  method: "get",
  path: "/runs",
  summary: "The clinic's training runs, newest first, promoted or refused, with their held-out figures",
  access: "clinic",
  permission: "model.read",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  ok: { status: 200, description: "Newest first", schema: z.object({ data: z.array(runSchema) }) },
  errors: [400],
});

const retrainRoute = defineRoute({
  method: "post",
  path: "/retrain",
  summary: "Start a training run of the clinic's model on its verdicts now (at most one waits or runs per clinic)",
  access: "clinic",
  permission: "model.train",
  ok: { status: 202, description: "Training queued", schema: z.object({ training: z.literal(true) }) },
  errors: [],
});

const activateRoute = defineRoute({
  method: "post",
  path: "/runs/{id}/activate",
  summary: "Rollback: make an earlier promoted model of the clinic active again; its open items are re-scored with it",
  access: "clinic",
  permission: "model.train",
  resource: "model",
  request: { params: idParam },
  ok: { status: 200, description: "Now active", schema: runSchema },
  errors: [404, 409],
});

const instanceStatusRoute = defineRoute({
  method: "get",
  path: "/instance",
  summary:
    "Operator: the active instance-wide model (trained on every clinic's verdicts; it scores clinics without a model of their own) and whether a training run waits or runs",
  access: "operator",
  ok: {
    status: 200,
    description: "Active instance model and training state",
    schema: z.object({ active: runSchema.nullable(), training: z.boolean() }),
  },
  errors: [],
});

const instanceHistoryRoute = defineRoute({
  method: "get",
  path: "/instance/runs",
  summary:
    "Operator: the instance model's training runs, newest first, with their figures on held-out recent verdicts pooled from all clinics",
  access: "operator",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  ok: { status: 200, description: "Newest first", schema: z.object({ data: z.array(runSchema) }) },
  errors: [400],
});

const instanceRetrainRoute = defineRoute({
  method: "post",
  path: "/instance/retrain",
  summary: "Operator: start a training run of the instance model on every clinic's verdicts now",
  access: "operator",
  ok: { status: 202, description: "Training queued", schema: z.object({ training: z.literal(true) }) },
  errors: [],
});

const instanceActivateRoute = defineRoute({
  method: "post",
  path: "/instance/runs/{id}/activate",
  summary:
    "Operator, rollback: make an earlier promoted instance model active again; clinics it scores re-score their open items",
  access: "operator",
  resource: "instanceModel",
  request: { params: idParam },
  ok: { status: 200, description: "Now active", schema: runSchema },
  errors: [404, 409],
});

export const modelRoutes = apiApp()
  .openapi(statusRoute, async (c) => c.json(unwrap(await modelStatus(c.var.deps, c.var.principal)), 200))
  .openapi(historyRoute, async (c) => {
    const data = unwrap(await modelHistory(c.var.deps, c.var.principal, c.req.valid("query").limit));
    return c.json({ data }, 200);
  })
  .openapi(retrainRoute, async (c) => c.json(unwrap(await requestRetrain(c.var.deps, c.var.principal)), 202))
  .openapi(activateRoute, async (c) =>
    c.json(unwrap(await activateModel(c.var.deps, c.var.principal, c.req.valid("param").id)), 200),
  )
  .openapi(instanceStatusRoute, async (c) =>
    c.json(unwrap(await instanceModelStatus(c.var.deps, c.var.principal)), 200),
  )
  .openapi(instanceHistoryRoute, async (c) => {
    const data = unwrap(await instanceModelHistory(c.var.deps, c.var.principal, c.req.valid("query").limit));
    return c.json({ data }, 200);
  })
  .openapi(instanceRetrainRoute, async (c) =>
    c.json(unwrap(await requestInstanceRetrain(c.var.deps, c.var.principal)), 202),
  )
  .openapi(instanceActivateRoute, async (c) =>
    c.json(unwrap(await activateInstanceModel(c.var.deps, c.var.principal, c.req.valid("param").id)), 200),
  );
