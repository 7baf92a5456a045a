/** OpenAI puts the signed-in user's profile under this claim of its access and id tokens. */
const PROFILE_CLAIM = 'https://api.openai.com/profile';
const EMAIL = /^[^\s@\u0000-\u001f\u007f-\u009f]{1,64}@[^\s@\u0000-\u001f\u007f-\u009f]{1,190}$/;

/** A JWT's claims, unverified (only to show who signed in); null when it is not a JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The email a token names (its profile claim, else a top-level `email`), when it looks like one: no
 * white space, no control characters, a sane length. Null otherwise; it is shown and stored, never trusted.
 */
export function emailOf(token: string): string | null {
  const claims = jwtClaims(token);
  if (!claims) return null;
  const profile = claims[PROFILE_CLAIM];
  const fromProfile = profile !== null && typeof profile === 'object' ? (profile as Record<string, unknown>).email : undefined;
  const email = fromProfile ?? claims.email;
  return typeof email === 'string' && EMAIL.test(email) && !/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/.test(email) ? email : null;
}
