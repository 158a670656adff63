import { createTransport, type Transporter } from "nodemailer";
import type { ServiceDeps } from "./deps.ts";

type Deps = Pick<ServiceDeps, "config" | "logger">;

/** What a one-time link is for, as the email names it. */
export type LinkMail = {
  kind: "invite" | "reset";
  to: string;
  name: string;
  clinicName: string;
  url: string;
  expiresAt: string;
};

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    // Bounded, so a dead mail server delays the admin's answer by seconds, not minutes.
    t = createTransport({ url, connectionTimeout: 8_000, greetingTimeout: 8_000, socketTimeout: 15_000 });
    transports.set(url, t);
  }
  return t;
}

/** The email's text: Indonesian first, English below. */
export function linkMailText(m: LinkMail): { subject: string; text: string } {
  const until = `${new Date(m.expiresAt).toISOString().replace("T", " ").slice(0, 16)} UTC`;
  if (m.kind === "invite") {
    return {
      subject: `Undangan ke ${m.clinicName} · Klinik Hoaks`,
      text: [
        `Halo ${m.name},`,
        "",
        `Anda diundang bergabung dengan ${m.clinicName} di Klinik Hoaks. Buka tautan ini untuk membuat kata sandi:`,
        m.url,
        `Tautan hanya dapat dipakai sekali dan berlaku sampai ${until}.`,
        "",
        "—",
        "",
        `Hello ${m.name}, you have been invited to join ${m.clinicName} on Klinik Hoaks.`,
        `Open the link above to set your password. It works once and is valid until ${until}.`,
      ].join("\n"),
    };
  }
  return {
    subject: "Atur ulang kata sandi · Klinik Hoaks",
    text: [
      `Halo ${m.name},`,
      "",
      `Admin ${m.clinicName} membuat tautan untuk mengatur ulang kata sandi Anda:`,
      m.url,
      `Tautan hanya dapat dipakai sekali dan berlaku sampai ${until}. Abaikan email ini jika Anda tidak memintanya.`,
      "",
      "—",
      "",
      `Hello ${m.name}, an admin of ${m.clinicName} created a link to reset your Klinik Hoaks password.`,
      `Open the link above; it works once and is valid until ${until}. Ignore this email if you did not ask for it.`,
    ].join("\n"),
  };
}

/**
 * Emails a one-time link when `SMTP_URL` is set; true when the server took it.
 * The link is always shown to the admin as well, so a failed send loses nothing.
 */
export async function sendLinkMail(deps: Deps, m: LinkMail): Promise<boolean> {
  const url = deps.config.SMTP_URL;
  if (!url) return false;
  const { subject, text } = linkMailText(m);
  try {
    await transportFor(url).sendMail({ from: deps.config.SMTP_FROM, to: m.to, subject, text });
    return true;
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, kind: m.kind }, "link email not sent");
    return false;
  }
}
