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
}
