import type { ClinicDb, WebhookDelivery } from "@klinik/db";

/**
 * The JSON a partner receives (README "Partner webhooks"): the event, the delivery id
 * (the same on every attempt, for deduplication), and the clarification as it stands
 * when posted, with its public URL, corrections and withdrawal.
 */
export async function webhookPayload(clinic: ClinicDb, d: WebhookDelivery, publicBaseUrl: string | undefined) {
  const [tenant, c, corrections] = await Promise.all([
    clinic.getClinic(),
    clinic.getClarification(d.clarification_id),
    clinic.editorial.listCorrections(d.clarification_id),
  ]);
  const slug = tenant?.slug ?? "";
  const path = `/k/${encodeURIComponent(slug)}/klarifikasi/${encodeURIComponent(d.clarification_id)}`;
  return {
    id: d.id,
    event: d.event,
    createdAt: d.created_at,
    clinic: { slug, name: tenant?.display_name || tenant?.name || slug },
    clarification: c
      ? {
          id: c.id,
          title: c.title,
          verdict: c.verdict,
          // Like the public page: a withdrawn clarification keeps its title and says why, without its text.
          body: c.withdrawn_at ? null : c.body,
          status: c.status,
          path,
          url: publicBaseUrl ? `${publicBaseUrl.replace(/\/+$/, "")}${path}` : null,
          publishedAt: c.published_at,
          updatedAt: c.updated_at,
          corrections: corrections.map((k) => ({ note: k.note, changed: k.changed, at: k.created_at })),
          withdrawn: c.withdrawn_at ? { at: c.withdrawn_at, reason: c.withdrawn_reason } : null,
        }
      : { id: d.clarification_id, path, url: null },
  };
}
