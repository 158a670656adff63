import { randomUUID } from "node:crypto";
import { findSession, forClinicNotifications, type NotificationPrefs } from "@klinik/db";
import type { NotifyEvent } from "@klinik/notify";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { type Actor, clinicOf, denied } from "../services/actor.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { fail, ok, type Result } from "../services/result.ts";

/** What a notification says, in the reader's language (the stream's request chose it). */
export interface StreamTexts {
  newClaim: (score: number) => string;
  assigned: (byName: string) => string;
}

/** What the browser receives as an SSE `claim` event (app.js shows it). */
export interface ClaimNotice {
  kind: NotifyEvent["kind"];
  clusterId: string;
  title: string;
  body: string;
  url: string;
}

/** Whether this person should hear this event, with their choices as they stand. */
export function wants(prefs: NotificationPrefs | undefined, userId: string, e: NotifyEvent): boolean {
  if (prefs?.enabled !== 1) return false;
  if (e.kind === "claim.new") return e.score >= prefs.min_score;
  return e.userId === userId && prefs.assigned === 1;
}

export function noticeOf(e: NotifyEvent, texts: StreamTexts): ClaimNotice {
  return {
    kind: e.kind,
    clusterId: e.clusterId,
    title: e.kind === "claim.new" ? texts.newClaim(e.score) : texts.assigned(e.byName),
    body: e.text,
    url: `/klaster/${encodeURIComponent(e.clusterId)}`,
  };
}

/**
 * May this person open a stream: the permission, notifications turned on, and a
 * free slot (NOTIFY_STREAMS_PER_USER over every process). Answers the slot id.
 */
export async function openNotifications(deps: ServiceDeps, actor: Actor): Promise<Result<string>> {
  const no = denied(actor, "notify.receive");
  if (no) return no;
  const prefs = await forClinicNotifications(deps.db, actor.tenant.id).getNotificationPrefs(actor.user.id);
  if (prefs.enabled !== 1) return fail("conflict", "Notifications are off: turn them on in your account first");
  const id = randomUUID();
  if (!(await deps.streamSlots.acquire(actor.user.id, id))) {
    return fail("rate_limited", "Too many notification streams open: close a tab of the app", 30);
  }
  return ok(id);
}

/**
 * The open stream: the clinic's events this person asked for, a heartbeat every
 * NOTIFY_HEARTBEAT_SEC (which also re-checks the session, the person's choices and
 * keeps the slot), and the end when the session ends or the client leaves.
 */
export function notificationStream(
  c: Context,
  deps: ServiceDeps,
  actor: Actor,
  ctx: { credential: string; slot: string; texts: StreamTexts },
): Response {
  const heartbeatMs = (deps.config.NOTIFY_HEARTBEAT_SEC ?? 25) * 1000;
  const userId = actor.user.id;
  const clinic = clinicOf(deps, actor);
  // Behind nginx, an SSE response must not be buffered.
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    let prefs: NotificationPrefs | undefined = await forClinicNotifications(
      deps.db,
      clinic.tenantId,
    ).getNotificationPrefs(userId);
    let ended = false;
    let wake = () => {};
    const closed = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const unlisten = await deps.notifyHub.listen(
      actor.tenant.id,
      (e) => {
        if (!ended && wants(prefs, userId, e)) {
          void stream.writeSSE({ event: "claim", data: JSON.stringify(noticeOf(e, ctx.texts)) }).catch(() => {});
        }
      },
      () => wake(),
    );
    const end = async () => {
      if (ended) return;
      ended = true;
      wake();
      unlisten();
      await deps.streamSlots.release(userId, ctx.slot).catch(() => {});
    };
    stream.onAbort(() => void end());
    try {
      // The browser waits this long before reconnecting after a drop.
      await stream.writeSSE({ event: "ready", data: "{}", retry: 5_000 });
      while (!ended && !stream.aborted) {
        await Promise.race([stream.sleep(heartbeatMs), closed]);
        if (ended || stream.aborted || deps.notifyHub.closing) break;
        const still = await findSession(deps.db, ctx.credential, { idleMinutes: deps.config.SESSION_IDLE_MINUTES });
        if (!still || still.user.id !== userId) break;
        prefs = await forClinicNotifications(deps.db, clinic.tenantId).getNotificationPrefs(userId);
        if (prefs.enabled !== 1) break;
        await deps.streamSlots.touch(userId, ctx.slot);
        await stream.write(": heartbeat\n\n");
      }
    } finally {
      await end();
    }
  });
}
