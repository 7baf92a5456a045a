import { t } from '../../base/i18n/index.js';
import { checkedAccountId, checkedEmail } from '../../model/account.js';

/** What an OAuth method's login or refresh returned, made fit for the store. */
export type OAuthFields = { access: string; refresh: string; expires: number } & Record<string, unknown>;

const OURS = new Set(['type', 'provider', 'access', 'refresh', 'expires']);

/**
 * The credentials a plugin (or pi-ai) returned: access, refresh and expires checked; every other field
 * kept when it survives JSON (SPEC 8: unknown fields are kept), except `accountId` and `email`, which
 * are shown on status screens and so are kept only when they pass SPEC 4's checks. Null when unusable.
 */
export function oauthFields(value: unknown): { fields: OAuthFields } | { problem: string } {
  if (typeof value !== 'object' || value === null) return { problem: t('oauth.noCredentials') };
  const raw = value as Record<string, unknown>;
  if (typeof raw.access !== 'string' || raw.access === '') return { problem: t('oauth.noAccess') };
  if (typeof raw.refresh !== 'string' || raw.refresh === '') return { problem: t('oauth.noRefresh') };
  if (typeof raw.expires !== 'number' || !Number.isFinite(raw.expires) || raw.expires < 0) {
    return { problem: t('oauth.noExpiry') };
  }
  const extras: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(raw)) {
    if (OURS.has(key) || field === undefined || typeof field === 'function') continue;
    if (key === 'accountId') {
      const accountId = checkedAccountId(field);
      if (accountId) extras.accountId = accountId;
      continue;
    }
    if (key === 'email') {
      const email = checkedEmail(field);
      if (email) extras.email = email;
      continue;
    }
    try {
      const copy = JSON.stringify(field);
      if (copy !== undefined) extras[key] = JSON.parse(copy) as unknown;
    } catch {
      // A value JSON cannot hold (a cycle, a BigInt) is not stored.
    }
  }
  return { fields: { ...extras, access: raw.access, refresh: raw.refresh, expires: Math.floor(raw.expires) } };
}
