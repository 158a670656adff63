import { VERDICTS } from "@klinik/core";
import type { EscalationRow, EscalationView } from "@klinik/db";
import { z } from "zod";
import { ESCALATION_STATUSES } from "../services/clinic-inputs.ts";

/** `?clinic=<id>`: a province reads one of its regencies (read only); absent, the caller's own clinic. */
export const clinicQuery = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe("A regency/city of the caller's province clinic, read only (default: the caller's clinic)");

export const escalationSchema = z.object({
  id: z.string(),
  clinicId: z.string().describe("The regency/city that owns the claim"),
  provinceId: z.string(),
  clusterId: z.string(),
  status: z.enum(ESCALATION_STATUSES),
  reason: z.string().nullable(),
  answer: z.string().nullable().describe("The province's answer, or why it handed the claim back"),
  verdict: z.enum(VERDICTS).nullable().describe("The verdict the province suggests"),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  clinicName: z.string().optional(),
  claimTitle: z.string().nullable().optional(),
  claimExcerpt: z.string().optional(),
  createdByName: z.string().nullable().optional(),
});

export const escalationDto = (e: EscalationRow | EscalationView) => ({
  id: e.id,
  clinicId: e.tenant_id,
  provinceId: e.province_id,
  clusterId: e.cluster_id,
  status: e.status,
  reason: e.reason,
  answer: e.answer,
  verdict: e.verdict,
  createdAt: e.created_at,
  resolvedAt: e.resolved_at,
  ...("clinic_name" in e
    ? {
        clinicName: e.clinic_name,
        claimTitle: e.claim_title,
        claimExcerpt: e.claim_excerpt,
        createdByName: e.created_by_name,
      }
    : {}),
});
