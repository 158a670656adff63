import { type Db, forClinic, forClinicNotifications, listClinicsWithDigest, nowIso } from "@klinik/db";
import { enqueueBulk, type JobPayload, type Queues } from "@klinik/queue";
import { createTransport, type Transporter } from "nodemailer";
import { digestText } from "./digest-text.ts";
import { claimUrl } from "./notify.processor.ts";

export interface DigestDeps {
  db: Db;
  queues: Queues;
  smtpUrl?: string | undefined;
  smtpFrom: string;
  publicBaseUrl?: string | undefined;
  logger: { warn(obj: object, msg?: string): void };
}

/** Most claims listed in one digest (the best scoring first; the queue has the rest). */
export const DIGEST_MAX_CLAIMS = 30;

const transports = new Map<string, Transporter>();
const transportFor = (url: string) => {
  let t = transports.get(url);
  if (!t) {
    t = createTransport({ url, connectionTimeout: 8_000, greetingTimeout: 8_000, socketTimeout: 15_000 });
    transports.set(url, t);
  }
  return t;
};

/**
 * The scheduled digest. Without a clinic it fans out one job per clinic that
 * sends digests; a clinic's job mails each person who opted in the new claims
 * above their score since their last digest, then moves their mark, so a retry
 * after a crash sends at most that one person's digest again.
 */
export function createDigestProcessor(deps: DigestDeps) {
  return async (p: JobPayload<"notify-digest">): Promise<{ sent: number }> => {
    if (!p.tenantId) {
      const ids = await listClinicsWithDigest(deps.db);
      const at = Date.now();
      await enqueueBulk(
        deps.queues,
        "notify-digest",
        ids.map((tenantId) => ({ payload: { tenantId }, jobId: `digest-${tenantId}-${at}` })),
      );
      return { sent: 0 };
    }
    if (!deps.smtpUrl) return { sent: 0 };
    const clinic = forClinic(deps.db, p.tenantId);
    const [channels, tenant] = await Promise.all([
      forClinicNotifications(deps.db, clinic.tenantId).getNotifyChannels(),
      clinic.getClinic(),
    ]);
    if (channels.email_digest !== 1 || !tenant) return { sent: 0 };
    const until = nowIso();
    let sent = 0;
    for (const r of await forClinicNotifications(deps.db, clinic.tenantId).digestRecipients()) {
      const since = r.digest_sent_at ?? until;
      const claims = await forClinicNotifications(deps.db, clinic.tenantId).claimsForDigest({
        since,
        until,
        minScore: r.min_score,
        limit: DIGEST_MAX_CLAIMS,
      });
      if (claims.length > 0) {
        const mail = digestText({
          name: r.name,
          clinicName: tenant.display_name ?? tenant.name,
          minScore: r.min_score,
          claims: claims.map((c) => ({ ...c, url: claimUrl(deps.publicBaseUrl, c.id) })),
        });
        await transportFor(deps.smtpUrl).sendMail({ from: deps.smtpFrom, to: r.email, ...mail });
        sent += 1;
      }
      await forClinicNotifications(deps.db, clinic.tenantId).markDigestSent(r.user_id, until);
    }
    return { sent };
  };
}
