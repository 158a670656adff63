import { Parser } from "htmlparser2";

/** Elements whose content is code or embedded documents, never readable text. */
const SKIPPED = new Set([
  "script",
  "style",
  "iframe",
  "noscript",
  "template",
  "object",
  "embed",
  "svg",
  "math",
  "head",
  "title",
]);
const BLOCK = new Set([
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "tr",
  "td",
  "th",
  "table",
  "blockquote",
  "pre",
  "section",
  "article",
  "header",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "figure",
  "figcaption",
  "dd",
  "dt",
]);

/**
 * HTML fragment → plain text: drops script/style/iframe content and all tags
 * and attributes, decodes entities, collapses whitespace (block elements
 * become line breaks). Stops collecting after `maxChars`.
 */
export function htmlToText(html: string, maxChars = 100_000): string {
  if (!html) return "";
  if (!/[<&]/.test(html)) return collapse(html).slice(0, maxChars);
  const parts: string[] = [];
  let length = 0;
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipDepth++;
        else if (BLOCK.has(name)) parts.push("\n");
      },
      onclosetag(name) {
        // A space keeps the words on either side of a dropped element apart.
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          parts.push(" ");
        } else if (BLOCK.has(name)) parts.push("\n");
      },
      ontext(text) {
        if (skipDepth > 0 || length > maxChars * 2) return;
        parts.push(text);
        length += text.length;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return collapse(parts.join("")).slice(0, maxChars);
}

function collapse(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const withoutControls = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  return withoutControls
    .split(/\n/)
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n")
    .trim();
}
