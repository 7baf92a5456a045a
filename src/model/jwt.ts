/** A JWT's claims, unverified (only to show, route by who signed in, and tell a token's lifetime); null when it is not a JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return null;
  const text = base64urlText(payload);
  // Claims are a JSON object: anything else is no JWT, told without JSON.parse's error (the first error of
  // a process costs it ~0.1 ms).
  if (text === null || text.trimStart()[0] !== '{') return null;
  try {
    const claims: unknown = JSON.parse(text);
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The UTF-8 text of base64url `data` (base64's `+` and `/` taken too, as Node's decoder takes them; it ends
 * at `=`); null for any other character. Decoded here rather than by Buffer, whose first use costs a
 * `models status` ~0.2 ms: a payload is a few hundred bytes of ASCII JSON.
 */
export function base64urlText(data: string): string | null {
  const bytes: number[] = [];
  let ascii = true;
  let bits = 0;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const char = data[i]!;
    if (char === '=') break;
    const value = char === '+' ? 62 : char === '/' ? 63 : ALPHABET.indexOf(char);
    if (value < 0) return null;
    bits = ((bits << 6) | value) & 0xffffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      const byte = (bits >> count) & 0xff;
      bytes.push(byte);
      ascii &&= byte < 0x80;
    }
  }
  if (!ascii) return Buffer.from(bytes).toString('utf8');
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
