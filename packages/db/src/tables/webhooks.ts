type Iso = string;

/** A partner's URL that receives the clinic's publications, signed with `secret` (HMAC-SHA256). */
export interface WebhookSubscriptionTable {
  id: string;
  tenant_id: string;
  name: string;
  url: string;
  /** Kept to sign each delivery; shown once, when the subscription is made. */
  secret: string;
  active: number;
  created_by: string;
  created_at: Iso;
  /** Deliveries failed in a row (every attempt used up, or refused); reset by one delivered. */
  consecutive_failures: number;
  /** Why the system turned it off (410 Gone, too many failures in a row); null when an admin did or it is on. */
  disabled_reason: string | null;
  disabled_at: Iso | null;
}

export type WebhookEvent = "clarification.published" | "clarification.updated" | "clarification.withdrawn";
export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One event sent (or being sent) to one subscription: the admin's delivery log. */
export interface WebhookDeliveryTable {
  id: string;
  tenant_id: string;
  subscription_id: string;
  event: WebhookEvent;
  clarification_id: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  created_at: Iso;
  updated_at: Iso;
  /** When BullMQ retries it (pending after a failed attempt); null otherwise. */
  next_retry_at: Iso | null;
  /** A worker is posting it until then: a copy of the job waits instead of posting twice. */
  lease_until: Iso | null;
}

/** One attempt of one delivery: what the receiver answered, how long it took, what went wrong. */
export interface WebhookAttemptTable {
  id: string;
  tenant_id: string;
  delivery_id: string;
  /** 1 for the first try. */
  attempt: number;
  response_code: number | null;
  duration_ms: number;
  error: string | null;
  /** When the next attempt is due; null when this one ended the delivery. */
  next_retry_at: Iso | null;
  created_at: Iso;
}
