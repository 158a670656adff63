import { deserializeSignature, type Signature, serializeSignature, signature } from "@klinik/cluster";

/** The text a claim is recognised by: the body, or the title when there is no body. */
export function claimText(title: string | null, text: string): string {
  const body = text.trim();
  if (body.length >= 40 || !title) return body;
  return `${title}\n${body}`;
}

export function claimSignature(title: string | null, text: string): Signature {
  return signature(claimText(title, text));
}

export const encodeSignature = (sig: Signature): string => serializeSignature(sig).toString("base64");
export const decodeSignature = (b64: string): Signature => deserializeSignature(Buffer.from(b64, "base64"));
