import type { Verdict } from "@klinik/core";
import type { ClaimReview, WithContext } from "schema-dts";
import type { Lang } from "./i18n.ts";
import { verdictLabel } from "./i18n.ts";

/**
 * The verdict on Google's ClaimReview scale: 1 (worstRating, false) to 5
 * (bestRating, true); alternateName carries the verdict in words, which is what
 * search results show.
 */
export const RATING: Record<Verdict, number> = { false: 1, misleading: 2, unproven: 3, true: 5 };

export interface ClaimReviewInput {
  url: string;
  title: string;
  verdict: Verdict;
  publishedAt: string;
  modifiedAt?: string | null | undefined;
  /** The claim in the words it circulated in. */
  claim: string;
  org: { name: string; url: string; logoUrl?: string | null | undefined };
  /** Where the claim was seen, earliest first (http(s) only). */
  appearances: { url: string; date?: string | null | undefined }[];
  /** When the claim was first seen, if known. */
  claimDate?: string | null | undefined;
  lang: Lang;
}

/** ClaimReview JSON-LD for a published clarification (https://developers.google.com/search/docs/appearance/structured-data/factcheck). */
export function claimReview(i: ClaimReviewInput): WithContext<ClaimReview> {
  const [first, ...rest] = i.appearances;
  const work = (a: { url: string; date?: string | null | undefined }) => ({
    "@type": "CreativeWork" as const,
    url: a.url,
    ...(a.date ? { datePublished: a.date } : {}),
  });
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: i.url,
    name: i.title,
    claimReviewed: i.claim,
    datePublished: i.publishedAt,
    ...(i.modifiedAt ? { dateModified: i.modifiedAt } : {}),
    inLanguage: i.lang,
    author: {
      "@type": "Organization",
      name: i.org.name,
      url: i.org.url,
      ...(i.org.logoUrl ? { logo: i.org.logoUrl } : {}),
    },
    reviewRating: {
      "@type": "Rating",
      ratingValue: RATING[i.verdict],
      bestRating: 5,
      worstRating: 1,
      alternateName: verdictLabel(i.verdict, i.lang),
    },
    itemReviewed: {
      "@type": "Claim",
      ...(i.claimDate ? { datePublished: i.claimDate } : {}),
      ...(first ? { firstAppearance: work(first) } : {}),
      ...(rest.length > 0 ? { appearance: rest.map(work) } : {}),
    },
  };
}

/**
 * JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&` as
 * \u escapes, so text like `</script>` or `<!--` cannot end or bend the element,
 * and U+2028/U+2029 escaped for old parsers. Still the same JSON value.
 */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
