import { sourceDto } from "../dto.ts";
import { unwrap } from "../errors.ts";
import { sourceInput } from "../services/inputs.ts";
import { addSource, listSources, setSourcePaused } from "../services/sources.service.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";
import { idParam, list, sourceSchema } from "./schemas.ts";

const listRoute = defineRoute({
  method: "get",
  path: "/",
  summary: "The clinic's sources with their health",
  access: "clinic",
  permission: "source.manage",
  ok: { status: 200, description: "Sources", schema: list(sourceSchema) },
  errors: [403],
});
const createRoute = defineRoute({
  method: "post",
  path: "/",
  summary: "Add a feed source (fetched at once, then on schedule) or a webhook source (secret shown once)",
  access: "clinic",
  permission: "source.manage",
  request: jsonBody(sourceInput),
  ok: { status: 201, description: "Created", schema: sourceSchema },
  errors: [403, 409],
});
/** Pause and resume: one route shape, the flag decides. */
const toggleRoute = (action: "pause" | "resume") =>
  defineRoute({
    method: "post",
    path: `/{id}/${action}`,
    summary: action === "pause" ? "Pause a source" : "Resume a paused source",
    access: "clinic",
    permission: "source.manage",
    resource: "source",
    request: { params: idParam },
    ok: { status: 200, description: action === "pause" ? "Paused" : "Resumed", schema: sourceSchema },
    errors: [403],
  });

export const sourceRoutes = apiApp()
  .openapi(listRoute, async (c) => {
    const rows = unwrap(await listSources(c.var.deps, c.var.principal));
    return c.json({ data: rows.map(sourceDto) }, 200);
  })
  .openapi(createRoute, async (c) => {
    const { source, secret } = unwrap(await addSource(c.var.deps, c.var.principal, c.req.valid("json")));
    return c.json({ ...sourceDto(source), ...(secret ? { secret } : {}) }, 201);
  })
  .openapi(toggleRoute("pause"), async (c) => {
    const row = unwrap(await setSourcePaused(c.var.deps, c.var.principal, c.req.valid("param").id, true));
    return c.json(sourceDto(row), 200);
  })
  .openapi(toggleRoute("resume"), async (c) => {
    const row = unwrap(await setSourcePaused(c.var.deps, c.var.principal, c.req.valid("param").id, false));
    return c.json(sourceDto(row), 200);
  });
