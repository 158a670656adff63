/**
 * Life of an item: `pending` until the classifier has scored it, then `new` in the
 * review queue, `in_review` while an analyst holds it, `done` once it has a verdict,
 * `dismissed` when an analyst drops it as irrelevant.
 */
export const ITEM_STATUSES = ["pending", "new", "in_review", "done", "dismissed"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses an analyst can filter the queue on (pending items are not reviewable yet). */
export const QUEUE_STATUSES = ["new", "in_review", "done", "dismissed"] as const;

export const USER_ROLES = ["admin", "analyst"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** `rss` covers RSS 0.9x/2.0, Atom, RDF and JSON Feed; `webhook` sources are pushed to. */
export const SOURCE_KINDS = ["rss", "mastodon", "youtube", "telegram", "webhook"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const CLARIFICATION_STATUSES = ["draft", "published"] as const;
export type ClarificationStatus = (typeof CLARIFICATION_STATUSES)[number];
