import { checkedAccountId, checkedEmail } from '../model/account.js';
import { jwtClaims } from '../model/jwt.js';

/** OpenAI puts the ChatGPT account under this claim of its access tokens, the user's profile under the next. */
const AUTH_CLAIM = 'https://api.openai.com/auth';
const PROFILE_CLAIM = 'https://api.openai.com/profile';

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
