import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentMessage {
  token: string;
  chat_id: string;
  text: string;
}

/**
 * Telegram's Bot API as far as Klinik Hoaks uses it: POST /bot<token>/sendMessage
 * answering like Telegram ({ok:true,result:…}), kept for the test to read. A chat
 * id listed in `refuse` answers 403 as Telegram does for a bot the user blocked.
 */
export async function telegramFake(opts: { token?: string; refuse?: string[] } = {}) {
  const sent: SentMessage[] = [];
  const server: Server = createServer((req, res) => {
    const m = /^\/bot([^/]+)\/sendMessage$/.exec(req.url ?? "");
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    req.on("end", () => {
      const reply = (status: number, body: object): void => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      const token = decodeURIComponent(m?.[1] ?? "");
      if (!m || req.method !== "POST") return reply(404, { ok: false, error_code: 404, description: "Not Found" });
      if (opts.token && token !== opts.token) return reply(401, { ok: false, description: "Unauthorized" });
      const body = JSON.parse(raw) as { chat_id: string | number; text: string };
      const chat = String(body.chat_id);
      if (opts.refuse?.includes(chat)) return reply(403, { ok: false, description: "Forbidden: bot was blocked" });
      sent.push({ token, chat_id: chat, text: body.text });
      reply(200, { ok: true, result: { message_id: sent.length, chat: { id: chat }, text: body.text } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
