/** Reads server-sent events off a fetch Response body, for tests. */
export function sseReader(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const blocks: string[] = [];
  /** Next block (event or comment) that `match`es, or throws after `timeoutMs`. */
  async function next(match: (block: string) => boolean, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = blocks.findIndex(match);
      if (i >= 0) return blocks.splice(i, 1)[0] as string;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no matching event in time");
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([
        reader.read(),
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), left);
        }),
      ]);
      clearTimeout(timer);
      if (r === "timeout") continue;
      if (r.done) throw new Error("stream ended");
      buffer += decoder.decode(r.value, { stream: true });
      let at = buffer.indexOf("\n\n");
      while (at >= 0) {
        blocks.push(buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
        at = buffer.indexOf("\n\n");
      }
    }
  }
  /** The `data:` of the next event named `event`, parsed. */
  const event = async (name: string, timeoutMs?: number) => {
    const block = await next((b) => b.split("\n").includes(`event: ${name}`), timeoutMs);
    return JSON.parse(
      block
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n"),
    );
  };
  /** Whether the stream ends within `timeoutMs` (reading and dropping what comes). */
  const ended = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([
        reader.read(),
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), deadline - Date.now());
        }),
      ]);
      clearTimeout(timer);
      if (r !== "timeout" && r.done) return true;
    }
    return false;
  };
  return { next, event, ended, cancel: () => reader.cancel().catch(() => {}) };
}
