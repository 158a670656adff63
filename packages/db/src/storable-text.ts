/**
 * Outside text (feeds, reports, webhooks, forms) made storable on both
 * databases: U+0000 removed. Postgres refuses NUL in text ("invalid byte
 * sequence for encoding UTF8: 0x00") where SQLite stores it, so one public
 * report with a NUL byte failed a whole group commit of 42 reports on
 * Postgres. Applied by the repositories at every write (and every lookup) of
 * outside text, so the same text is stored the same way on either database.
 */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null | undefined): string | null | undefined;
export function storableText(text: string | null | undefined): string | null | undefined {
  return text?.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}
