/** What an evidence link on a claim or clarification is: an official statement, a news report, etc. */
export const EVIDENCE_KINDS = ["official", "media", "factcheck", "photo", "other"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const isEvidenceKind = (v: unknown): v is EvidenceKind =>
  typeof v === "string" && (EVIDENCE_KINDS as readonly string[]).includes(v);
