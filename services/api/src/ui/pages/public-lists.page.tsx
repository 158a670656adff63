/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Region } from "@klinik/regions";
import { ClarificationList, type ListedClarification, SearchBox } from "../public-components.tsx";
import { type PublicCtx, PublicLayout, pubHref } from "../public-layout.tsx";

type ClinicCtx = PublicCtx & { clinic: NonNullable<PublicCtx["clinic"]> };

/** A clinic's public home: search, the way to report and to check, the newest clarifications. */
export function ClinicHomePage(props: { ctx: ClinicCtx; tz: string; path: string; rows: ListedClarification[] }) {
  const { t, clinic } = props.ctx;
  const base = `/k/${clinic.slug}`;
  return (
    <PublicLayout ctx={props.ctx} title={t("pubHome")} nav="home" path={props.path}>
      <h1>{clinic.name}</h1>
      <div class="card">
        <SearchBox ctx={props.ctx} slug={clinic.slug} />
        <div class="actions">
          <a class="button" href={pubHref(props.ctx, `${base}/lapor`)}>
            {t("pubReport")}
          </a>
          <a class="button secondary" href={pubHref(props.ctx, `${base}/cek`)}>
            {t("pubCheck")}
          </a>
        </div>
      </div>
      <h2>{t("pubLatest")}</h2>
      <ClarificationList ctx={props.ctx} tz={props.tz} rows={props.rows} />
      {props.rows.length > 0 ? (
        <p>
          <a href={pubHref(props.ctx, `${base}/klarifikasi`)}>{t("pubMore")} →</a>
        </p>
      ) : null}
    </PublicLayout>
  );
}

/** Older pages of a list: a plain link carrying the cursor. */
function OlderLink(props: { ctx: PublicCtx; href: string | undefined }) {
  return props.href ? (
    <p>
      <a href={pubHref(props.ctx, props.href)} rel="next">
        {props.ctx.t("pubOlder")} →
      </a>
    </p>
  ) : null;
}

/** All published clarifications of a clinic, newest first, page by page. */
export function ClinicListPage(props: {
  ctx: ClinicCtx;
  tz: string;
  path: string;
  rows: ListedClarification[];
  older?: string | undefined;
}) {
  const { t, clinic } = props.ctx;
  return (
    <PublicLayout ctx={props.ctx} title={t("pubClarifications")} nav="list" path={props.path}>
      <h1>
        {t("pubClarifications")} · {clinic.name}
      </h1>
      <SearchBox ctx={props.ctx} slug={clinic.slug} />
      <ClarificationList ctx={props.ctx} tz={props.tz} rows={props.rows} />
      <OlderLink ctx={props.ctx} href={props.older} />
    </PublicLayout>
  );
}

/** Every clinic's clarifications on this instance, filtered by province and regency/city (a GET form). */
export function InstanceListPage(props: {
  ctx: PublicCtx;
  path: string;
  rows: ListedClarification[];
  provinces: Region[];
  regencies: Region[];
  province?: string | undefined;
  regency?: string | undefined;
  older?: string | undefined;
}) {
  const { t } = props.ctx;
  return (
    <PublicLayout ctx={props.ctx} title={t("pubInstanceTitle")} nav="all" path={props.path}>
      <h1>{t("pubInstanceTitle")}</h1>
      <form method="get" action="/k" class="card stack">
        <div class="row">
          <div>
            <label for="provinsi">{t("pubFilterProvince")}</label>
            <select id="provinsi" name="provinsi">
              <option value="">{t("pubFilterAll")}</option>
              {props.provinces.map((p) => (
                <option value={p.code} selected={p.code === props.province}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          {props.regencies.length > 0 ? (
            <div>
              <label for="kabupaten">{t("pubFilterRegency")}</label>
              <select id="kabupaten" name="kabupaten">
                <option value="">{t("pubFilterAll")}</option>
                {props.regencies.map((r) => (
                  <option value={r.code} selected={r.code === props.regency}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        {props.ctx.lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <div>
          <button type="submit">{t("pubFilterSubmit")}</button>
        </div>
      </form>
      <ClarificationList ctx={props.ctx} tz="Asia/Jakarta" rows={props.rows} />
      <OlderLink ctx={props.ctx} href={props.older} />
    </PublicLayout>
  );
}
