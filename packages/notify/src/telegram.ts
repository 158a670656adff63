/**
 * Telegram's Bot API over plain fetch: the one method used (sendMessage) is a
 * single HTTPS POST, and a client library (grammy) would add a dependency tree
 * for that. The base URL is configurable (TELEGRAM_API_URL), so tests point it
 * at a loopback fake and a clinic behind a relay can use its own.
 */
export type TelegramResult = { ok: true } | { ok: false; code: "unreachable" | "refused"; detail: string };

export async function sendTelegramMessage(
  apiBase: string,
  botToken: string,
  chatId: string,
  text: string,
  timeoutMs = 10_000,
): Promise<TelegramResult> {
  const url = `${apiBase.replace(/\/+$/, "")}/bot${encodeURIComponent(botToken)}/sendMessage`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // Plain text (no parse_mode): a claim's words are never read as markup.
      body: JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { ok: false, code: "unreachable", detail: (err as Error).message };
  }
  const body = (await res.json().catch(() => null)) as { ok?: boolean; description?: string } | null;
  if (res.ok && body?.ok === true) return { ok: true };
  return { ok: false, code: "refused", detail: `${res.status} ${body?.description ?? ""}`.trim() };
}
