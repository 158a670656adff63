import { z } from "zod";
import { unwrap } from "../errors.ts";
import { answerInput, ESCALATION_STATUSES, returnInput } from "../services/clinic-inputs.ts";
import { answerEscalation, listEscalations, returnEscalation } from "../services/escalations.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { escalationDto, escalationSchema } from "./escalation.schemas.ts";
import { idParam } from "./schemas.ts";

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary:
    "Escalations: a province those its regencies sent it (with the regency's name), any other clinic those it sent",
  access: "clinic",
  permission: "queue.read",
  request: {
    query: z.object({
      status: z.enum(ESCALATION_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  ok: {
    status: 200,
    description: "Newest first",
    schema: z.object({ direction: z.enum(["incoming", "outgoing"]), data: z.array(escalationSchema) }),
  },
  errors: [400],
});

const resolveRoute = (action: "answer" | "return") =>
  defineRoute({
    method: "post",
    path: `/{id}/${action}`,
    summary:
      action === "answer"
        ? "The province answers an open escalation, optionally suggesting a verdict (the regency decides its claim)"
        : "The province hands an open escalation back to its regency, saying why",
    access: "clinic",
    permission: "escalation.answer",
    resource: "escalation",
    request: { params: idParam, ...jsonBody(action === "answer" ? answerInput : returnInput) },
    ok: { status: 200, description: action === "answer" ? "Answered" : "Handed back", schema: escalationSchema },
    errors: [403, 409],
  });

const answerRoute = resolveRoute("answer");
const returnRoute = resolveRoute("return");

export const escalationRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const { direction, rows } = unwrap(
      await listEscalations(c.var.deps, c.var.principal, { status: q.status, limit: q.limit }),
    );
    return c.json({ direction, data: rows.map(escalationDto) }, 200);
  })
  .openapi(answerRoute, async (c) => {
    const row = unwrap(
      await answerEscalation(c.var.deps, c.var.principal, c.req.valid("param").id, c.req.valid("json")),
    );
    return c.json(escalationDto(row), 200);
  })
  .openapi(returnRoute, async (c) => {
    const row = unwrap(
      await returnEscalation(c.var.deps, c.var.principal, c.req.valid("param").id, c.req.valid("json")),
    );
    return c.json(escalationDto(row), 200);
  });
