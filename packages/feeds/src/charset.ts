import iconv from "iconv-lite";

export interface Decoded {
  text: string;
  charset: string;
  warnings: string[];
}

/** Labels that browsers (WHATWG Encoding) read as windows-1252, which covers the C1 range sensibly. */
const AS_WINDOWS_1252 = new Set(["iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "ibm819"]);

function normalizeLabel(label: string): string | null {
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  if (!clean) return null;
  if (AS_WINDOWS_1252.has(clean)) return "windows-1252";
  return iconv.encodingExists(clean) ? clean : null;
}

function sniffBom(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  return null;
}

function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  return /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType)?.[2] ?? null;
}

function charsetFromXmlDeclaration(body: Buffer): string | null {
  const head = body.subarray(0, 512).toString("latin1");
  return /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? null;
}

/**
 * Bytes → string. A BOM is byte-level evidence and wins; otherwise the
 * Content-Type charset, then the XML declaration, then UTF-8. Unknown labels
 * fall through to the next source with a warning; undecodable bytes become
 * U+FFFD instead of failing.
 */
export function decodeBody(body: Buffer, contentType: string | null): Decoded {
  const warnings: string[] = [];
  const candidates: Array<[string, string | null]> = [
    ["byte order mark", sniffBom(body)],
    ["Content-Type header", charsetFromContentType(contentType)],
    ["XML declaration", charsetFromXmlDeclaration(body)],
  ];
  let charset = "utf-8";
  for (const [where, label] of candidates) {
    if (!label) continue;
    const known = normalizeLabel(label);
    if (known) {
      charset = known;
      break;
    }
    warnings.push(`Unknown character set "${label.slice(0, 40)}" in the ${where}; trying the next hint.`);
  }
  const text = iconv.decode(body, charset, { stripBOM: true });
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, charset, warnings };
}
