import { z } from "zod";

// A day (YYYY-MM-DD, in the reader's clinic timezone) or an ISO timestamp with its offset.
const DAY_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const when = z
  .string()
  .regex(DAY_OR_TIME, "must be YYYY-MM-DD or an ISO timestamp with its offset")
  .or(z.literal(""))
  .optional();

/** Filters of the audit trail: the same for the JSON list, the CSV export and the UI page. An empty value is no filter. */
export const auditFilterInput = z.object({
  action: z
    .string()
    .regex(/^([a-z_]+(\.[a-z_]+)+)?$/, "must be an action name such as claim.verdict")
    .max(64)
    .optional(),
  /** A person's id, email, or an integration token's name. */
  actor: z.string().trim().max(254).optional(),
  /** From this day (inclusive) or moment. */
  from: when,
  /** Up to this day (inclusive) or moment (exclusive). */
  to: when,
  /** A clinic's id or slug among those the reader may see. */
  clinic: z.string().trim().max(100).optional(),
});
export type AuditFilterInput = z.infer<typeof auditFilterInput>;

export const auditListInput = auditFilterInput.extend({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditListInput = z.infer<typeof auditListInput>;
