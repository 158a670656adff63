/**
 * Google's ClaimReview field rules (developers.google.com/search/docs/appearance/structured-data/factcheck),
 * checked on the JSON-LD a page carries: the list of what breaks them, empty when none does.
 * Written from the rules, not from our generator, so the generator cannot agree with itself.
 */
const isAbsoluteHttp = (v: unknown) => typeof v === "string" && /^https?:\/\/[^\s/]+/.test(v);
const isText = (v: unknown) => typeof v === "string" && v.trim().length > 0;
const isDate = (v: unknown) => typeof v === "string" && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}/.test(v);

export function claimReviewProblems(doc: any): string[] {
  const p: string[] = [];
  if (doc?.["@context"] !== "https://schema.org" && doc?.["@context"] !== "http://schema.org") p.push("@context");
  if (doc?.["@type"] !== "ClaimReview") p.push("@type must be ClaimReview");
  if (!isText(doc?.claimReviewed)) p.push("claimReviewed: required text");
  if (!isAbsoluteHttp(doc?.url)) p.push("url: required absolute URL");
  if (doc?.datePublished !== undefined && !isDate(doc.datePublished)) p.push("datePublished: ISO 8601 date");
  const r = doc?.reviewRating;
  if (r?.["@type"] !== "Rating") p.push("reviewRating: a Rating");
  if (!isText(r?.alternateName)) p.push("reviewRating.alternateName: required");
  const [value, best, worst] = [r?.ratingValue, r?.bestRating, r?.worstRating].map(Number);
  if (r?.ratingValue !== undefined || r?.bestRating !== undefined || r?.worstRating !== undefined) {
    if (![value, best, worst].every(Number.isFinite))
      p.push("reviewRating: ratingValue, bestRating, worstRating numbers");
    if (!(worst !== undefined && worst >= 1)) p.push("reviewRating.worstRating: at least 1");
    if (!(best !== undefined && worst !== undefined && best > worst))
      p.push("reviewRating.bestRating: above worstRating");
    if (!(value !== undefined && value >= (worst ?? 1) && value <= (best ?? 5)))
      p.push("reviewRating.ratingValue: in range");
  }
  const a = doc?.author;
  if (a?.["@type"] !== "Organization") p.push("author: an Organization");
  if (!isText(a?.name)) p.push("author.name: required");
  if (!isAbsoluteHttp(a?.url)) p.push("author.url: absolute URL");
  const claim = doc?.itemReviewed;
  if (claim?.["@type"] !== "Claim") p.push("itemReviewed: a Claim");
  for (const w of [claim?.firstAppearance, ...(claim?.appearance ?? [])].filter(Boolean)) {
    if (w?.["@type"] !== "CreativeWork") p.push("appearance: a CreativeWork");
    if (!isAbsoluteHttp(w?.url)) p.push("appearance.url: absolute URL");
  }
  if (claim?.datePublished !== undefined && !isDate(claim.datePublished)) p.push("itemReviewed.datePublished: date");
  return p;
}

/** Every JSON-LD block of an HTML page, parsed. */
export function jsonLdBlocks(html: string): any[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1] ?? ""),
  );
}

/** The content of `<meta property|name="key">`. */
export function metaTag(html: string, key: string): string | undefined {
  const m = new RegExp(`<meta (?:property|name)="${key.replace(/[:.]/g, "\\$&")}" content="([^"]*)"`).exec(html);
  return m?.[1];
}
