import { CLARIFICATION_STATUSES, type ClarificationStatus, type Verdict } from "@klinik/core";
import type { ClarificationFound } from "@klinik/search";
import { type Actor, denied } from "./actor.ts";
import type { ServiceDeps } from "./deps.ts";
import { MAX_SEARCH_CHARS } from "./inputs.ts";
import { publicClinic, publicRateLimit } from "./intake.service.ts";
import { readableClinic } from "./province-read.ts";
import { invalid, ok, type Result } from "./result.ts";

type Deps = Pick<ServiceDeps, "search">;

export { MAX_SEARCH_CHARS };
/** Most answers one search gives. */
export const MAX_SEARCH_RESULTS = 50;
/**
 * Below this score an answer to "has this been clarified?" is noise: text that
 * shares a few ordinary words with some clarification. Chosen on the tuning
 * retellings of `pnpm bench search` (the right answers score higher, see README).
 */
export const CHECK_MIN_SCORE = 0.2;

const PUBLISHED: readonly ClarificationStatus[] = ["published"];

/** A published clarification as the public search answers it. */
export interface PublicMatch {
  id: string;
  title: string;
  verdict: Verdict;
  /** Its stable public page. */
  url: string;
  /** How well it matches the text, 0..1 (best first). */
  score: number;
  /** Claim similarity (MinHash) alone, 0..1. */
  similarity: number;
  tier: "confirmed" | "suggested" | null;
  body: string;
  createdAt: string;
  publishedAt: string | null;
  /** Its last correction (dateModified), if any. */
  updatedAt: string | null;
  clinic: { slug: string; name: string };
}

/** The stable public page of a published clarification. */
export const clarificationPath = (slug: string, id: string) => `/k/${slug}/klarifikasi/${id}`;

export function publicMatch(f: ClarificationFound): PublicMatch {
  return {
    id: f.id,
    title: f.title,
    verdict: f.verdict,
    url: clarificationPath(f.clinic_slug, f.id),
    score: f.score,
    similarity: Math.round(f.similarity * 1000) / 1000,
    tier: f.tier,
    body: f.body,
    createdAt: f.created_at,
    publishedAt: f.published_at,
    updatedAt: f.updated_at,
    clinic: { slug: f.clinic_slug, name: f.clinic_name },
  };
}

/**
 * Published clarifications matching a text, best first: of one clinic
 * (`tenantId`) or of every clinic on the instance (`null`). What every public
 * search uses — the check, a clinic's search box, the report form's
 * "sudah pernah diklarifikasi?" suggestions. No rate limit here: public routes
 * apply theirs. `q` longer than MAX_SEARCH_CHARS is cut; an empty one finds nothing.
 */
export async function searchClarifications(
  deps: Deps,
  input: { tenantId: string | null; q: string; limit?: number; minScore?: number },
): Promise<PublicMatch[]> {
  const q = input.q.trim().slice(0, MAX_SEARCH_CHARS);
  if (!q) return [];
  const found = await deps.search.search({
    q,
    tenantId: input.tenantId,
    statuses: PUBLISHED,
    limit: Math.min(Math.max(input.limit ?? 10, 1), MAX_SEARCH_RESULTS),
    minScore: input.minScore,
  });
  return found.map(publicMatch);
}

type PublicDeps = Deps & Pick<ServiceDeps, "tenants" | "reportLimiter">;

/**
 * "Has this been clarified?" before forwarding a message: published clarifications
 * of every clinic on the instance that the text retells, best first; nothing
 * when none scores CHECK_MIN_SCORE. Counted against the address like a report.
 */
export async function checkMessage(
  deps: PublicDeps,
  input: { slug: string; address: string; text: string; limit?: number },
): Promise<Result<PublicMatch[]>> {
  const stop = await publicRateLimit(deps, input.address);
  if (stop) return stop;
  const clinic = await publicClinic(deps, input.slug);
  if (!clinic.ok) return clinic;
  if (input.text.length > MAX_SEARCH_CHARS) return tooLong("text");
  const limit = input.limit ?? 10;
  return ok(await searchClarifications(deps, { tenantId: null, q: input.text, limit, minScore: CHECK_MIN_SCORE }));
}

/** A clinic's search box: its own published clarifications matching `q`, best first. */
export async function searchPublicClarifications(
  deps: PublicDeps,
  input: { slug: string; address: string; q: string; limit: number },
) {
  const stop = await publicRateLimit(deps, input.address);
  if (stop) return stop;
  const clinic = await publicClinic(deps, input.slug);
  if (!clinic.ok) return clinic;
  if (input.q.length > MAX_SEARCH_CHARS) return tooLong("q");
  const rows = await searchClarifications(deps, { tenantId: clinic.value.id, q: input.q, limit: input.limit });
  return ok({ clinic: clinic.value, rows });
}

/** A clarification found by an analyst: drafts and pending ones too. */
export interface StaffMatch extends PublicMatch {
  status: ClarificationStatus;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

/**
 * The analysts' search over their clinic's clarifications (any status unless
 * `status` is given), best first; a province may search a regency's (`clinicId`).
 */
export async function searchClinicClarifications(
  deps: Deps & Pick<ServiceDeps, "db">,
  actor: Actor,
  input: { q: string; limit: number; status?: ClarificationStatus | undefined },
  clinicId?: string,
): Promise<Result<StaffMatch[]>> {
  const no = denied(actor, "queue.read");
  if (no) return no;
  if (input.q.length > MAX_SEARCH_CHARS) return tooLong("q");
  const readable = await readableClinic(deps, actor, clinicId);
  if (!readable.ok) return readable;
  const q = input.q.trim();
  if (!q) return ok([]);
  const found = await deps.search.search({
    q,
    tenantId: readable.value.tenant.id,
    statuses: input.status ? [input.status] : CLARIFICATION_STATUSES,
    limit: Math.min(input.limit, MAX_SEARCH_RESULTS),
  });
  return ok(
    found.map((f) => ({
      ...publicMatch(f),
      status: f.status,
      withdrawnAt: f.withdrawn_at,
      withdrawnReason: f.withdrawn_reason,
    })),
  );
}

const tooLong = (field: string) =>
  invalid("too_long", `${field}: at most ${MAX_SEARCH_CHARS.toLocaleString("en")} characters`, MAX_SEARCH_CHARS);
