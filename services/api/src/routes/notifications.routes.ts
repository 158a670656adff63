import { getCookie } from "hono/cookie";
import { z } from "zod";
import { unwrap } from "../errors.ts";
import { notificationStream, openNotifications } from "../notify/notification-stream.ts";
import { streamTexts } from "../notify/stream-texts.ts";
import { notificationPrefsInput, notifyChannelsInput } from "../services/notifications.inputs.ts";
import {
  getClinicChannels,
  getMyNotifications,
  saveClinicChannels,
  saveMyNotifications,
} from "../services/notifications.service.ts";
import { pickLang, translator } from "../ui/i18n.ts";
import { apiApp, defineRoute, jsonBody } from "./define.ts";

// Notifications (mounted under /api/v1): your own choices, the clinic's channels, the event stream.

const prefsSchema = z.object({
  enabled: z.boolean(),
  minScore: z.number(),
  assigned: z.boolean(),
  telegramChatId: z.string().nullable(),
  emailDigest: z.boolean(),
  clinic: z.object({ telegram: z.boolean(), emailDigest: z.boolean() }),
});
const channelsSchema = z.object({ telegram: z.boolean(), emailDigest: z.boolean() });

const mine = { access: "clinic", permission: "notify.receive" } as const;
const settings = { access: "clinic", permission: "clinic.settings" } as const;

const getPrefsRoute = defineRoute({
  ...mine,
  method: "get",
  path: "/auth/notifications",
  summary: "Your notification choices, and the channels your clinic offers beside the browser",
  ok: { status: 200, description: "Choices", schema: prefsSchema },
  errors: [403],
});
const putPrefsRoute = defineRoute({
  ...mine,
  method: "put",
  path: "/auth/notifications",
  summary: "Choose: new claims from a score (0.5–1), claims assigned to you, Telegram chat id, email digest",
  request: jsonBody(notificationPrefsInput),
  ok: { status: 200, description: "Saved", schema: prefsSchema },
  errors: [403],
});
const getChannelsRoute = defineRoute({
  ...settings,
  method: "get",
  path: "/notification-channels",
  summary: "The clinic's channels: whether a Telegram bot token is saved (never the token), email digest",
  ok: { status: 200, description: "Channels", schema: channelsSchema },
  errors: [403],
});
const putChannelsRoute = defineRoute({
  ...settings,
  method: "put",
  path: "/notification-channels",
  summary: "Set the clinic's Telegram bot token (omit to keep, null to remove) and the email digest",
  request: jsonBody(notifyChannelsInput),
  ok: { status: 200, description: "Saved", schema: channelsSchema },
  errors: [403],
});
const streamRoute = defineRoute({
  ...mine,
  method: "get",
  path: "/notifications/stream",
  summary:
    "Server-sent events while open: `claim` {kind, clusterId, title, body, url} for each new claim at or above " +
    "your score and each claim assigned to you; a heartbeat comment every NOTIFY_HEARTBEAT_SEC. 409 while your " +
    "notifications are off; 429 beyond NOTIFY_STREAMS_PER_USER open streams. `?lang=en` for English headings.",
  request: { query: z.object({ lang: z.enum(["id", "en"]).optional() }) },
  ok: { status: 200, description: "An event stream", schema: z.string(), contentType: "text/event-stream" },
  errors: [403, 409, 429],
});

export const notificationRoutes = apiApp()
  .openapi(getPrefsRoute, async (c) => c.json(unwrap(await getMyNotifications(c.var.deps, c.var.principal)), 200))
  .openapi(putPrefsRoute, async (c) =>
    c.json(unwrap(await saveMyNotifications(c.var.deps, c.var.principal, c.req.valid("json"))), 200),
  )
  .openapi(getChannelsRoute, async (c) => c.json(unwrap(await getClinicChannels(c.var.deps, c.var.principal)), 200))
  .openapi(putChannelsRoute, async (c) =>
    c.json(unwrap(await saveClinicChannels(c.var.deps, c.var.principal, c.req.valid("json"))), 200),
  )
  .openapi(streamRoute, async (c) => {
    const { deps, principal, token } = c.var;
    const slot = unwrap(await openNotifications(deps, principal));
    const t = translator(pickLang(c.req.valid("query").lang, getCookie(c, "lang")));
    return notificationStream(c, deps, principal, { credential: token, slot, texts: streamTexts(t) }) as never;
  });
