import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

/**
 * Time-based one-time codes (RFC 6238, 30 s, 6 digits: what every authenticator
 * app speaks). A code of the step before or after is accepted too, for clocks
 * that drift a little.
 */
const TOLERANCE_SEC = 30;

export const TOTP_ISSUER = "Klinik Hoaks";

export const newTotpSecret = (): string => generateSecret();

export function otpauthUri(secret: string, account: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: account, secret });
}

/** Only six digits are tried; anything else is simply wrong. */
export async function verifyTotp(secret: string | null, code: string | undefined): Promise<boolean> {
  return (await totpStep(secret, code)) !== undefined;
}

/** The time step a right code belongs to (so a sign-in can refuse it a second time), or undefined. */
export async function totpStep(secret: string | null, code: string | undefined): Promise<number | undefined> {
  const token = (code ?? "").replace(/\s+/g, "");
  if (!secret || !/^\d{6}$/.test(token)) return undefined;
  try {
    const r = await verify({ secret, token, epochTolerance: TOLERANCE_SEC });
    return r.valid ? ("timeStep" in r ? Number(r.timeStep) : 0) : undefined;
  } catch {
    return undefined;
  }
}

/** How long a used code is remembered: past the last moment it could still be accepted. */
export const USED_CODE_TTL_SEC = 30 + 2 * TOLERANCE_SEC;

/** The otpauth URI as an SVG QR code, rendered here: no image leaves the server. */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
