type Iso = string;

/** One training run of a clinic's model (migration 0013): promoted or refused, with its figures. */
export interface ClinicModelTable {
  id: string;
  /** null: the instance-wide model, trained on every clinic's verdicts (migration 0019). */
  tenant_id: string | null;
  /** The scorer version it scores with (stored on the items it scored). */
  version: string;
  /** The shipped base model it adapts: its artefact is meaningless over another. */
  base_version: string;
  outcome: "promoted" | "refused";
  /** 1: the clinic's model now (at most one per clinic). */
  active: number;
  trigger: "threshold" | "schedule" | "request";
  verdicts: number;
  positives: number;
  /** Most recent verdicts it was judged on (the candidate did not train on them). */
  held_out: number;
  /** JSON {candidate, active}: HeldOutMetrics of the candidate and of the model active then. */
  metrics: string;
  refusal: string | null;
  /** created_at of the newest verdict it learned from: later verdicts are "new". */
  trained_through: Iso | null;
  train_ms: number;
  /** base64 of the gzip artefact (`encodeClinicModel`); null when refused. */
  artefact: string | null;
  artefact_bytes: number;
  created_at: Iso;
  activated_at: Iso | null;
}
