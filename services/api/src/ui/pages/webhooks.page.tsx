/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from "@klinik/db";
import { Notice, Section, UserText } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import type { MsgKey, T } from "../i18n.ts";
import { CsrfField, Layout, type PageCtx } from "../layout.tsx";

type Subscription = Omit<WebhookSubscription, "secret">;
type Ctx = PageCtx & { csrf: string };

/**
 * A stored reason or error ("code: English detail") in the page's language when its code
 * is known, with the detail in a title; the detail alone otherwise.
 */
function Reason(props: { text: string | null; t: T; prefix: "whReason_" | "whError_" }) {
  if (!props.text) return <>—</>;
  const colon = props.text.indexOf(": ");
  const code = colon > 0 ? props.text.slice(0, colon) : "";
  const detail = colon > 0 ? props.text.slice(colon + 2) : props.text;
  const words = code ? (props.t(`${props.prefix}${code}` as MsgKey) as string | undefined) : undefined;
  return words ? (
    <span title={detail}>
      {words} <span class="muted small">({detail})</span>
    </span>
  ) : (
    <UserText text={detail} />
  );
}

const eventKey = (e: string): MsgKey =>
  e.endsWith("withdrawn") ? "event_withdrawn" : e.endsWith("updated") ? "event_updated" : "event_published";
const statusKey = { pending: "deliveryPending", delivered: "deliveryDelivered", failed: "deliveryFailed" } as const;
const statusTone = { pending: "", delivered: "good", failed: "bad" } as const;

function State(props: { s: Subscription; ctx: Ctx; tz: string }) {
  const { t, lang } = props.ctx;
  if (props.s.active === 1) return <span class="badge good">{t("webhookActive")}</span>;
  return (
    <>
      <span class="badge bad">
        {t("webhookOff")} {formatDateTime(props.s.disabled_at, props.tz, lang)}
      </span>
      {props.s.disabled_reason ? (
        <p class="small" data-disabled-reason>
          <Reason text={props.s.disabled_reason} t={t} prefix="whReason_" />
        </p>
      ) : null}
    </>
  );
}

/** The clinic's partner webhooks: list, add (the secret shown once), turn off, and a link to each log. */
export function WebhooksPage(props: {
  ctx: Ctx;
  tz: string;
  rows: Subscription[];
  created?: { name: string; secret: string } | undefined;
  error?: string | undefined;
}) {
  const { t, lang, csrf } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t("webhooksTitle")} page="settings" wide>
      <h1>{t("webhooksTitle")}</h1>
      <p class="muted">{t("webhooksHint")}</p>
      {props.created ? (
        <div class="notice ok" role="status">
          <p>
            {t("webhookCreated")} (<UserText text={props.created.name} />)
          </p>
          <p>
            <input
              type="text"
              class="link-out"
              readonly
              value={props.created.secret}
              aria-label={t("webhookSecret")}
              data-webhook-secret
            />
          </p>
        </div>
      ) : null}
      {props.error ? <Notice tone="error">{props.error}</Notice> : null}
      {props.rows.length === 0 ? (
        <p>{t("noWebhooks")}</p>
      ) : (
        <table class="tokens">
          <caption class="sr-only">{t("webhooksTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("webhookDescription")}</th>
              <th scope="col">{t("webhookUrl")}</th>
              <th scope="col">{t("webhookState")}</th>
              <th scope="col">{t("webhookFailuresInRow")}</th>
              <th scope="col">{t("tokenCreatedAt")}</th>
              <th scope="col">
                <span class="sr-only">{t("webhookDisable")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((s) => (
              <tr data-webhook-id={s.id}>
                <td data-label={t("webhookDescription")}>
                  <a href={`/pengaturan/webhook/${s.id}`}>
                    <UserText text={s.name} />
                  </a>
                </td>
                <td data-label={t("webhookUrl")}>
                  <code>
                    <UserText text={s.url} />
                  </code>
                </td>
                <td data-label={t("webhookState")}>
                  <State s={s} ctx={props.ctx} tz={props.tz} />
                </td>
                <td data-label={t("webhookFailuresInRow")}>{s.consecutive_failures}</td>
                <td data-label={t("tokenCreatedAt")}>{formatDateTime(s.created_at, props.tz, lang)}</td>
                <td>
                  <a href={`/pengaturan/webhook/${s.id}`}>{t("webhookLog")}</a>{" "}
                  {s.active === 1 ? (
                    <form method="post" action={`/pengaturan/webhook/${s.id}/matikan`} class="inline">
                      <CsrfField csrf={csrf} />
                      <button type="submit">{t("webhookDisable")}</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Section id="buat-webhook" title={t("webhookCreate")} class="card narrow">
        <form method="post" action="/pengaturan/webhook" class="stack">
          <CsrfField csrf={csrf} />
          <label for="w-url">{t("webhookUrl")}</label>
          <input id="w-url" name="url" type="url" required maxlength={2000} placeholder="https://" />
          <label for="w-desc">{t("webhookDescription")}</label>
          <input id="w-desc" name="keterangan" type="text" maxlength={200} />
          <button type="submit" class="primary">
            {t("webhookCreate")}
          </button>
        </form>
      </Section>
    </Layout>
  );
}

/** One subscription's deliveries, newest first, each with every attempt in order. */
export function WebhookLogPage(props: {
  ctx: Ctx;
  tz: string;
  subscription: Subscription;
  deliveries: (WebhookDelivery & { attemptLog: WebhookAttempt[]; clarificationTitle: string | null })[];
}) {
  const { t, lang } = props.ctx;
  const s = props.subscription;
  const when = (iso: string | null) => formatDateTime(iso, props.tz, lang);
  return (
    <Layout ctx={props.ctx} title={`${t("webhookLog")} · ${s.name}`} page="settings" wide>
      <p>
        <a href="/pengaturan/webhook">← {t("webhookBack")}</a>
      </p>
      <h1>
        {t("webhookLog")}: <UserText text={s.name} />
      </h1>
      <p>
        <code>
          <UserText text={s.url} />
        </code>{" "}
        <State s={s} ctx={props.ctx} tz={props.tz} />
      </p>
      {props.deliveries.length === 0 ? (
        <p>{t("noDeliveries")}</p>
      ) : (
        <ol class="stack deliveries">
          {props.deliveries.map((d) => (
            <li class="card" data-delivery-id={d.id} data-status={d.status}>
              <p>
                <strong>{t(eventKey(d.event))}</strong> ·{" "}
                <span class={`badge ${statusTone[d.status]}`}>{t(statusKey[d.status])}</span> · {when(d.created_at)} ·{" "}
                <a href={`/klarifikasi/${d.clarification_id}`}>
                  <bdi>{d.clarificationTitle ?? d.clarification_id}</bdi>
                </a>
                {d.next_retry_at ? (
                  <>
                    {" "}
                    · {t("deliveryNextRetry")} {when(d.next_retry_at)}
                  </>
                ) : null}
              </p>
              {d.attemptLog.length > 0 ? (
                <table class="attempts">
                  <caption class="sr-only">{t("deliveryAttempts")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("attemptNo")}</th>
                      <th scope="col">{t("attemptAt")}</th>
                      <th scope="col">{t("attemptCode")}</th>
                      <th scope="col">{t("attemptDuration")}</th>
                      <th scope="col">{t("attemptError")}</th>
                      <th scope="col">{t("deliveryNextRetry")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.attemptLog.map((a) => (
                      <tr data-attempt={a.attempt}>
                        <td data-label={t("attemptNo")}>{a.attempt}</td>
                        <td data-label={t("attemptAt")}>{when(a.created_at)}</td>
                        <td data-label={t("attemptCode")}>{a.response_code ?? "—"}</td>
                        <td data-label={t("attemptDuration")}>{a.duration_ms} ms</td>
                        <td data-label={t("attemptError")}>
                          <Reason text={a.error} t={t} prefix="whError_" />
                        </td>
                        <td data-label={t("deliveryNextRetry")}>{a.next_retry_at ? when(a.next_retry_at) : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
