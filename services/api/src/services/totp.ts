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
  const token = (code ?? "").replace(/\s+/g, "");
  if (!secret || !/^\d{6}$/.test(token)) return false;
  try {
    return (await verify({ secret, token, epochTolerance: TOLERANCE_SEC })).valid;
  } catch {
    return false;
  }
}

/** The otpauth URI as an SVG QR code, rendered here: no image leaves the server. */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
