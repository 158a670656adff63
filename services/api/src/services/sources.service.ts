import { randomBytes } from "node:crypto";
import { pausedByText } from "@klinik/core";
import { newId } from "@klinik/db";
import { enqueue } from "@klinik/queue";
import { type Actor, clinicOf, denied } from "./actor.ts";
import { audit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import type { SourceInput } from "./inputs.ts";
import { fail, notFound, ok } from "./result.ts";

type Deps = Pick<ServiceDeps, "db" | "queues" | "logger">;

export async function listSources(deps: Deps, actor: Actor) {
  const no = denied(actor, "source.manage");
  if (no) return no;
  return ok(await clinicOf(deps, actor).listSources());
}

/**
 * Adds a source. A webhook source gets its URL and a secret (shown once); a fetched
 * source is fetched at once, then on its schedule by the ingest worker.
 */
export async function addSource(deps: Deps, actor: Actor, input: SourceInput) {
  const no = denied(actor, "source.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  if (input.kind === "webhook") {
    const id = newId();
    const secret = randomBytes(24).toString("base64url");
    const url = `/api/v1/ingest/${actor.tenant.slug}/webhook/${id}`;
    const source = await clinic.createSource({ kind: "webhook", name: input.name, url, scheduleSec: 0, secret, id });
    // The secret is shown once to the admin and never written to the trail.
    await audit(clinic, actor, {
      action: "source.add",
      targetType: "source",
      targetId: source.id,
      summary: { after: { kind: "webhook", name: source.name, url } },
    });
    return ok({ source, secret: secret as string | undefined });
  }
  if (await clinic.findSourceByUrl(input.url)) {
    return fail("conflict", "url: this clinic already has a source with this URL");
  }
  const source = await clinic.createSource(input);
  await audit(clinic, actor, {
    action: "source.add",
    targetType: "source",
    targetId: source.id,
    summary: { after: { kind: source.kind, name: source.name, url: source.url, scheduleSec: source.schedule_sec } },
  });
  await enqueue(
    deps.queues,
    "ingest",
    { tenantId: actor.tenant.id, sourceId: source.id },
    { jobId: `first-${source.id}` },
  ).catch((err: unknown) => deps.logger.warn({ err }, "first fetch not enqueued; scheduler will pick it up"));
  return ok({ source, secret: undefined as string | undefined });
}

/** Pauses a source (the reason, with who paused it, is shown to the clinic's admins only) or resumes it. */
export async function setSourcePaused(deps: Deps, actor: Actor, sourceId: string, paused: boolean) {
  const no = denied(actor, "source.manage");
  if (no) return no;
  const clinic = clinicOf(deps, actor);
  const before = await clinic.getSource(sourceId);
  if (!before) return notFound("Source");
  const row = paused
    ? await clinic.setSourceEnabled(sourceId, false, pausedByText(actor.user.name))
    : await clinic.setSourceEnabled(sourceId, true);
  if (!row) return notFound("Source");
  await audit(clinic, actor, {
    action: paused ? "source.pause" : "source.resume",
    targetType: "source",
    targetId: row.id,
    summary: {
      name: row.name,
      before: { enabled: before.enabled === 1 },
      after: { enabled: row.enabled === 1 },
    },
  });
  return ok(row);
}
