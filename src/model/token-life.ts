import type { OAuthCredential } from './schema.js';
import { jwtClaims } from './jwt.js';

/**
 * SPEC 4's one rule of due-ness, for every provider: an OAuth access token is refreshed when less than
 * 5 minutes are left, or, for a token that lives under 10 minutes, less than half its lifetime (a 5-second
 * token, or Keycloak's default of 300 seconds, is then not refreshed on every use).
 */
export const REFRESH_MARGIN_MS = 5 * 60_000;
export const SHORT_LIFETIME_MS = 10 * 60_000;

/**
 * When the access token was obtained (epoch ms), recorded on the profile at sign-in and at each refresh.
 * A field OpenClaw does not know, and so keeps (SPEC 2.1).
 */
export const OBTAINED_FIELD = 'obtained';

/**
 * A token's own times from its claims (epoch ms): `expires` from `exp`, `issued` from `iat`, each null when
 * it is not a JWT or names no such number. The payload is read as base64url (jwtClaims), as JWTs are
 * written: not with atob (as pi-ai reads them), which refuses the `-` and `_` of base64url.
 */
export function jwtTimes(token: string): { expires: number | null; issued: number | null } {
  const claims = jwtClaims(token);
  const ms = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null);
  return { expires: ms(claims?.exp), issued: ms(claims?.iat) };
}

/**
 * How long the access token lives (ms), when that can be known: from its own claims (a JWT's `exp` minus
 * `iat`), else from when it was obtained; null when neither says.
 */
export function lifetimeOf(credential: Pick<OAuthCredential, 'access' | 'expires'> & Record<string, unknown>): number | null {
  const { expires, issued } = jwtTimes(credential.access);
  if (expires !== null && issued !== null && expires > issued) return expires - issued;
  const obtained = credential[OBTAINED_FIELD];
  if (typeof obtained === 'number' && Number.isFinite(obtained) && credential.expires > obtained) return credential.expires - obtained;
  return null;
}

/** How much time may be left before the access token is due. */
export function refreshMarginOf(credential: Pick<OAuthCredential, 'access' | 'expires'> & Record<string, unknown>): number {
  const lifetime = lifetimeOf(credential);
  return lifetime !== null && lifetime < SHORT_LIFETIME_MS ? lifetime / 2 : REFRESH_MARGIN_MS;
}

/** Whether the access token is due for a refresh now (SPEC 4). */
export function accessDue(credential: Pick<OAuthCredential, 'access' | 'expires'> & Record<string, unknown>, now: number): boolean {
  return credential.expires - now <= refreshMarginOf(credential);
}

/**
 * The credential with when it was obtained recorded, for a token that lives under 10 minutes and whose
 * lifetime its own claims do not tell (the only case where the lifetime changes the rule); otherwise
 * without the field, so that a long-lived token's profile stays as OpenClaw writes it.
 */
export function withObtained<T extends Pick<OAuthCredential, 'access' | 'expires'> & Record<string, unknown>>(credential: T, now: number): T {
  const { [OBTAINED_FIELD]: _old, ...rest } = credential;
  const plain = rest as T;
  const left = credential.expires - now;
  if (left <= 0 || left >= SHORT_LIFETIME_MS || lifetimeOf(plain) !== null) return plain;
  return { ...plain, [OBTAINED_FIELD]: now };
}
