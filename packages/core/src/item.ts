/**
 * Life of an item: `pending` until the classifier has scored it, then `new` in the
 * review queue, `in_review` while an analyst holds it, `done` once it has a verdict,
 * `dismissed` when an analyst drops it as irrelevant.
 */
export const ITEM_STATUSES = ["pending", "new", "in_review", "done", "dismissed"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses an analyst can filter the queue on (pending items are not reviewable yet). */
export const QUEUE_STATUSES = ["new", "in_review", "done", "dismissed"] as const;

/**
 * A person's role in their clinic: `admin` runs the clinic (people, sources, settings);
 * `analyst` works the queue and writes clarifications; `publisher` may also approve
 * and publish them; `viewer` reads only (e.g. the head of office). Running the
 * instance (creating clinics) is not a clinic role: it is the user's `operator` flag.
 */
export const USER_ROLES = ["admin", "analyst", "publisher", "viewer"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What an integration token may do. */
export const TOKEN_SCOPES = ["read", "ingest", "publish"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** `province` and `regency` clinics carry a Kemendagri region code; `independent` ones (e.g. `demo`) none. */
export const CLINIC_KINDS = ["province", "regency", "independent"] as const;
export type ClinicKind = (typeof CLINIC_KINDS)[number];

/** A regency clinic is `dormant` from onboarding until its first admin sets a password. */
export const CLINIC_STATUSES = ["active", "dormant"] as const;
export type ClinicStatus = (typeof CLINIC_STATUSES)[number];

/** `rss` covers RSS 0.9x/2.0, Atom, RDF and JSON Feed; `webhook` sources are pushed to. */
export const SOURCE_KINDS = ["rss", "mastodon", "youtube", "telegram", "webhook"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** `pending`: written by an analyst of a clinic that requires a publisher's approval, awaiting it. */
/** withdrawn: was published, then taken back (its public URL stays and says why). */
export const CLARIFICATION_STATUSES = ["draft", "pending", "published", "withdrawn"] as const;
export type ClarificationStatus = (typeof CLARIFICATION_STATUSES)[number];
