// Why a source is paused. The stored text stays the Indonesian sentence the clinic's admins
// have always read (the API and older rows carry it); these builders are the only writers of
// it and `parsePauseReason` reads it back, so each UI language can say it in its own words.

/** A source paused with no reason given. */
export const PAUSED_TEXT = "Dijeda";

/** A source paused by a person (their name as it was then). */
export const pausedByText = (name: string) => `Dijeda oleh ${name}`;

/** A source the ingest worker paused after `failures` failed fetches in a row (the last error after the colon). */
export const pausedAfterFailuresText = (failures: number, error: string | null) =>
  `Dijeda setelah ${failures} kegagalan berturut-turut: ${error ?? ""}`;

export type PauseReason =
  | { kind: "paused" }
  | { kind: "person"; name: string }
  | { kind: "failures"; failures: number }
  /** Written some other way (an older version, a script): shown as it is. */
  | { kind: "text"; text: string };

export function parsePauseReason(stored: string): PauseReason {
  if (stored === PAUSED_TEXT) return { kind: "paused" };
  const by = /^Dijeda oleh (.+)$/s.exec(stored);
  if (by?.[1]) return { kind: "person", name: by[1] };
  const after = /^Dijeda setelah (\d+) kegagalan berturut-turut/.exec(stored);
  if (after?.[1]) return { kind: "failures", failures: Number(after[1]) };
  return { kind: "text", text: stored };
}
