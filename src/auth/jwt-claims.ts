import { checkedAccountId, checkedEmail } from '../model/account.js';

/** OpenAI puts the ChatGPT account under this claim of its access tokens, the user's profile under the next. */
const AUTH_CLAIM = 'https://api.openai.com/auth';
const PROFILE_CLAIM = 'https://api.openai.com/profile';

/** A JWT's claims, unverified (only to show and route by who signed in); null when it is not a JWT. */
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

const objectOf = (value: unknown) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined);

/** The ChatGPT account id an access token names, when it has the shape SPEC 4 lets us store; else null. */
export function accountIdOf(access: string): string | null {
  return checkedAccountId(objectOf(jwtClaims(access)?.[AUTH_CLAIM])?.chatgpt_account_id);
}

/**
 * The email a token names (its profile claim, else a top-level `email`), when it is safe to show
 * (model/account.ts checkedEmail); null otherwise. It is shown and stored, never trusted.
 */
export function emailOf(token: string): string | null {
  const claims = jwtClaims(token);
  if (!claims) return null;
  return checkedEmail(objectOf(claims[PROFILE_CLAIM])?.email ?? claims.email);
}
