import { z } from "zod";
import { unwrap } from "../errors.ts";
import { releaseClarificationLock, takeClarificationLock } from "../services/clarification-lock.service.ts";
import { apiApp, defineRoute } from "./define.ts";
import { idParam } from "./schemas.ts";

// The short soft lock while someone edits a clarification (the editor page takes it the same way).

const lockQuery = z.object({ takeover: z.enum(["true", "false"]).optional() });

const lockRoute = defineRoute({
  method: "post",
  path: "/{id}/lock",
  summary:
    "Take (or renew) the short soft lock while editing a clarification (3 minutes; reading never locks). Held by a colleague: 409 naming who and until when, unless `?takeover=true` (audited; their next save is refused)",
  access: "clinic",
  permission: "clarification.write",
  resource: "clarification",
  request: { params: idParam, query: lockQuery },
  ok: { status: 200, description: "Held until", schema: z.object({ until: z.string() }) },
  errors: [403, 409],
});

const unlockRoute = defineRoute({
  method: "post",
  path: "/{id}/unlock",
  summary: "Release the caller's editing lock (also released on save, on logout and on expiry)",
  access: "clinic",
  permission: "clarification.write",
  resource: "clarification",
  request: { params: idParam },
  ok: { status: 200, description: "Released", schema: z.object({ ok: z.literal(true) }) },
  errors: [403],
});

export const clarificationLockRoutes = apiApp()
  .openapi(lockRoute, async (c) => {
    const r = unwrap(
      await takeClarificationLock(c.var.deps, c.var.principal, c.req.valid("param").id, {
        takeover: c.req.valid("query").takeover === "true",
      }),
    );
    return c.json({ until: r.until }, 200);
  })
  .openapi(unlockRoute, async (c) => {
    unwrap(await releaseClarificationLock(c.var.deps, c.var.principal, c.req.valid("param").id));
    return c.json({ ok: true as const }, 200);
  });
