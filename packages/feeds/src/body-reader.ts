import type { IncomingMessage } from "node:http";
import type { Transform } from "node:stream";
import zlib from "node:zlib";
import { fail } from "./errors.ts";
import { header } from "./http-headers.ts";
import type { FetchError } from "./types.ts";

function tooLarge(maxBytes: number, decoded: boolean): FetchError {
  const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return fail(
    "too_large",
    decoded
      ? `The feed is larger than ${mib} MiB once decompressed (possibly a compression bomb).`
      : `The feed is larger than ${mib} MiB.`,
  );
}

/** Reads and decompresses the body, counting bytes on both sides of the decoder. */
export function readBody(res: IncomingMessage, maxBytes: number, touch: () => void): Promise<Buffer | FetchError> {
  return new Promise((resolve) => {
    let done = false;
    let decoder: Transform | null = null;
    const settle = (value: Buffer | FetchError) => {
      if (done) return;
      done = true;
      if (!Buffer.isBuffer(value)) {
        res.destroy();
        decoder?.destroy();
      }
      resolve(value);
    };

    const declared = Number(header(res.headers, "content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) return settle(tooLarge(maxBytes, false));

    const encoding = (header(res.headers, "content-encoding") ?? "identity").trim().toLowerCase();
    if (!["identity", "", "gzip", "x-gzip", "deflate", "br"].includes(encoding)) {
      return settle(
        fail("decompression_error", `The server used an unsupported compression (${encoding.slice(0, 40)}).`),
      );
    }
    const chunks: Buffer[] = [];
    let decodedBytes = 0;
    let rawBytes = 0;

    const collect = (chunk: Buffer) => {
      decodedBytes += chunk.length;
      if (decodedBytes > maxBytes) return settle(tooLarge(maxBytes, decoder !== null));
      chunks.push(chunk);
    };
    const makeDecoder = (first: Buffer): Transform | null => {
      if (encoding === "gzip" || encoding === "x-gzip") return zlib.createGunzip();
      if (encoding === "br") return zlib.createBrotliDecompress();
      // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
      if (encoding === "deflate")
        return (first[0] ?? 0) % 16 === 8 && (first[0] ?? 0) >> 4 <= 7 ? zlib.createInflate() : zlib.createInflateRaw();
      return null;
    };

    res.on("data", (chunk: Buffer) => {
      if (done) return;
      touch();
      rawBytes += chunk.length;
      if (rawBytes > maxBytes) return settle(tooLarge(maxBytes, false));
      if (decoder === null && encoding !== "identity" && encoding !== "" && rawBytes === chunk.length) {
        decoder = makeDecoder(chunk);
        if (decoder) {
          decoder.on("data", collect);
          decoder.on("error", () =>
            settle(fail("decompression_error", `The server's ${encoding} compressed data is corrupt.`)),
          );
          decoder.on("end", () => settle(Buffer.concat(chunks)));
          decoder.on("drain", () => res.resume());
        }
      }
      if (decoder) {
        if (!decoder.write(chunk)) res.pause();
      } else collect(chunk);
    });
    res.on("end", () => {
      if (decoder) decoder.end();
      else settle(Buffer.concat(chunks));
    });
    res.on("error", () => settle(fail("connect_error", "The connection broke while the feed was downloading.")));
    res.on("close", () => {
      if (!res.complete) settle(fail("connect_error", "The connection closed before the whole feed arrived."));
    });
  });
}
