import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import { redact } from '../../base/redact.js';
import type { OAuthCredential } from '../../model/schema.js';
import { oauthFields } from './oauth-fields.js';
import type { OAuthMethod, Registry } from './types.js';

/**
 * The method refreshed (the grant may have rotated) but gave no usable secret: `credentials` must still
 * be written (SPEC 4: an answer that rotated the grant is never dropped).
 */
export class RefreshSecretError extends Error {
  constructor(
    message: string,
    readonly credentials: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RefreshSecretError';
  }
}

export type OAuthRefresher = (credential: OAuthCredential) => Promise<{ credentials: Record<string, unknown>; secret: string }>;

/**
 * SPEC 8: the id of the OAuth method that signed a profile in, recorded on the profile (a field OpenClaw
 * does not know, and keeps). A profile stored before it was recorded is the provider's first OAuth method's.
 */
export const SIGN_IN_METHOD_FIELD = 'signInMethod';

/**
 * The OAuth method that refreshes `credential` (and gives its secret): the one that signed it in, else
 * (a profile stored before that was recorded) the provider's first. Null when the provider has none, or
 * the recorded method is gone: another method may be another client or endpoint, and would refresh the
 * grant the wrong way.
 */
export function oauthMethodOf(registry: Registry, provider: string, credential?: Record<string, unknown>): OAuthMethod | null {
  const methods = registry.providers.find((p) => p.id === provider)?.methods.filter((m): m is OAuthMethod => m.kind === 'oauth') ?? [];
  const recorded = credential?.[SIGN_IN_METHOD_FIELD];
  if (typeof recorded === 'string') return methods.find((m) => m.id === recorded) ?? null;
  return methods[0] ?? null;
}

/**
 * SPEC 8: how an OAuth profile of `provider` is refreshed, or null when the provider has no OAuth method.
 * The refresher calls the method's `refreshToken` with the stored credentials and `getApiKey` with the
 * new ones. `credentials` is the whole profile to write: the stored one with what the method returned laid
 * over it (unknown fields of both kept), `type` and `provider` unchanged. It does no locking and no
 * writing: the caller holds the store lock. A method that throws, or returns something unusable, rejects;
 * when only `getApiKey` fails, the rejection is a RefreshSecretError that carries the new credentials.
 */
export function oauthRefresherFor(registry: Registry, provider: string, signedIn?: Record<string, unknown>): OAuthRefresher | null {
  const method = oauthMethodOf(registry, provider, signedIn);
  if (!method) return null;
  return async (credential) => {
    const { type: _type, provider: _provider, ...stored } = credential;
    const returned = await method.oauth.refreshToken(stored);
    const checked = oauthFields(returned);
    if ('problem' in checked) {
      const message = t('refresh.unusable', { provider, problem: checked.problem });
      // A new refresh token with the rest unusable: the grant rotated, and the new token must be written.
      const refresh = typeof returned === 'object' && returned !== null ? (returned as Record<string, unknown>).refresh : undefined;
      if (typeof refresh === 'string' && refresh !== '' && refresh !== credential.refresh) throw new RefreshSecretError(message, { ...credential, refresh });
      throw new Error(message);
    }
    const credentials = { ...credential, ...checked.fields, type: 'oauth' as const, provider: credential.provider, ...methodOf(credential) };
    let secret: unknown;
    try {
      secret = method.oauth.getApiKey(checked.fields);
    } catch (error) {
      throw new RefreshSecretError(t('refresh.noSecretWhy', { provider, why: redact(error instanceof Error ? error.message : String(error), [], 200) }), credentials);
    }
    if (typeof secret !== 'string' || secret === '') throw new RefreshSecretError(t('refresh.noSecret', { provider }), credentials);
    return { credentials, secret };
  };
}

/**
 * SPEC 8: the secret of a usable (not yet expired) OAuth profile of `provider`: its method's `getApiKey`
 * of the stored credentials; null when the provider has no OAuth method (the secret is `access`).
 */
export function oauthSecretFor(registry: Registry, provider: string, signedIn?: Record<string, unknown>): ((credential: OAuthCredential) => string) | null {
  const method = oauthMethodOf(registry, provider, signedIn);
  if (!method) return null;
  return (credential) => {
    const { type: _type, provider: _provider, ...stored } = credential;
    let secret: unknown;
    try {
      secret = method.oauth.getApiKey(stored);
    } catch (error) {
      // One line, redacted (of the stored tokens too): a plugin's message is free text.
      const why = redact(error instanceof Error ? error.message : String(error), [credential.access, credential.refresh], 200).replace(/\s+/g, ' ').trim();
      throw new UserError(t('secret.noneWhy', { provider, why }));
    }
    if (typeof secret !== 'string' || secret === '') throw new UserError(t('secret.none', { provider }));
    return secret;
  };
}

/** The recorded sign-in method, kept over whatever a refresh returned. */
function methodOf(credential: Record<string, unknown>): Record<string, unknown> {
  const recorded = credential[SIGN_IN_METHOD_FIELD];
  return typeof recorded === 'string' ? { [SIGN_IN_METHOD_FIELD]: recorded } : {};
}
