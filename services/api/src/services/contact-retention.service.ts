import { forClinic, listContactRetention, nowIso } from "@klinik/db";
import type { ServiceDeps } from "./deps.ts";

const DAY_MS = 24 * 3600_000;

/**
 * Erases reporters' contacts older than each clinic's retention (its settings),
 * one clinic at a time, and records each erasure in that clinic's audit trail
 * (how many, and the cutoff; never the contacts). Idempotent: every API process
 * may run it; a second run finds nothing left to erase.
 */
export async function eraseExpiredContacts(
  deps: Pick<ServiceDeps, "db">,
  now = new Date(),
): Promise<{ clinics: number; erased: number }> {
  let clinics = 0;
  let erased = 0;
  for (const c of await listContactRetention(deps.db)) {
    const cutoff = new Date(now.getTime() - c.days * DAY_MS).toISOString();
    const clinic = forClinic(deps.db, c.id);
    const n = await clinic.eraseContactsReceivedBefore(cutoff, nowIso());
    if (n === 0) continue;
    clinics += 1;
    erased += n;
    await clinic.recordAudit({
      action: "report.contacts_erased",
      actorId: null,
      actorLabel: "system",
      targetType: "clinic",
      targetId: c.id,
      summary: { erased: n, receivedBefore: cutoff, retentionDays: c.days },
      address: null,
    });
  }
  return { clinics, erased };
}

/** Runs the erasure every `everyMs` (and once soon after start); stop() for shutdown. */
export function scheduleContactRetention(
  deps: Pick<ServiceDeps, "db" | "logger">,
  everyMs = 3600_000,
): { stop(): void } {
  const run = () =>
    eraseExpiredContacts(deps)
      .then((r) => r.erased > 0 && deps.logger.info(r, "expired reporter contacts erased"))
      .catch((err: unknown) => deps.logger.warn({ err }, "contact retention run failed; next run retries"));
  const first = setTimeout(run, 30_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
