import { shortText } from "./events.ts";

export interface DigestClaim {
  max_score: number;
  size: number;
  title: string | null;
  text: string;
  url: string | undefined;
}

/** The digest's subject and plain text: Indonesian first, English after (an email has no UI language). */
export function digestText(d: { name: string; clinicName: string; minScore: number; claims: DigestClaim[] }) {
  const n = d.claims.length;
  const min = Math.round(d.minScore * 100);
  const lines = d.claims.map((c, i) => {
    const members = c.size > 1 ? ` (${c.size} laporan/reports)` : "";
    return [`${i + 1}. [${Math.round(c.max_score * 100)}] ${shortText(c.title, c.text)}${members}`, c.url]
      .filter(Boolean)
      .join("\n   ");
  });
  return {
    subject: `${n} klaim baru · ${n} new claims · ${d.clinicName}`,
    text: [
      `Halo ${d.name},`,
      "",
      `Klaim baru di ${d.clinicName} dengan skor ${min} atau lebih sejak ringkasan terakhir:`,
      `New claims at ${d.clinicName} scoring ${min} or more since the last digest:`,
      "",
      ...lines,
      "",
      "—",
      "Ubah atau matikan ringkasan ini di halaman Akun. · Change or turn off this digest on your Account page.",
    ].join("\n"),
  };
}
