// RFC 4226 (HOTP) / RFC 6238 (TOTP) with the parameters virtual MFA apps use
// for AWS: HMAC-SHA1, 30 second steps, 6 digits, base32 secrets.
import { createHmac, randomBytes } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_SECONDS = 30;

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  // Authenticator apps display secrets in groups and in either case.
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = BASE32_ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function generateTotpSecret(): string {
  // AWS virtual MFA seeds are 40 bytes, shown as 64 base32 characters.
  return base32Encode(randomBytes(40));
}

export function hotp(secretBase32: string, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secretBase32)).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totp(secretBase32: string, at: Date = new Date()): string {
  return hotp(secretBase32, Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS));
}

/** Accepts the neighbouring steps too, because phones and servers drift. */
export function verifyTotp(secretBase32: string, code: string, at: Date, window = 1): boolean {
  const counter = Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
  for (let delta = -window; delta <= window; delta++) {
    if (counter + delta >= 0 && hotp(secretBase32, counter + delta) === code) return true;
  }
  return false;
}
