/**
 * Made-up news stories in near-duplicate families, for the fault run and the benches:
 * every family a text of its own (30 pseudo-words out of 6,000, so two families share
 * next to no character 5-grams), its copies that text with a plea, a prefix or a
 * report's note added (similarity well above the confirmed tier).
 */
const SYLLABLES =
  "ba be bi bo bu da de di do du ga gi gu ja ji ka ke ki ko ku la li lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu wa wi ya yu".split(
    " ",
  );

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    // xorshift32
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const WORDS: string[] = (() => {
  const next = rng(20261130);
  const out = new Set<string>();
  while (out.size < 6_000) {
    const n = 2 + (next() % 3);
    out.add(Array.from({ length: n }, () => SYLLABLES[next() % SYLLABLES.length]).join(""));
  }
  return [...out];
})();

/** Family `f`'s story. */
export function story(f: number): string {
  const next = rng(f * 2654435761 + 1);
  return Array.from({ length: 30 }, () => WORDS[next() % WORDS.length]).join(" ");
}

/** Copy `k` of family `f`: 0 the story, then variants; 3 and up read as a public report. */
export function familyText(f: number, k: number): string {
  const s = story(f);
  if (k === 0) return `Kabar ${f}: ${s}`;
  if (k === 1) return `Kabar ${f}: ${s} Tolong sebarkan!`;
  if (k === 2) return `Terusan: Kabar ${f}: ${s}`;
  return `Kabar ${f}: ${s} Laporan warga ${k}.`;
}
