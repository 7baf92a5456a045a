import { Message } from '../../../components/Message.js';
import { t } from '../../../src/base/i18n/index.js';
import { ASKED, EXPIRED } from '../choices.js';
import type { Relogin } from '../state.js';

/** The reasons a store records (codes, or the wizard's own words), in the language in use. */
const REASONS: Record<string, () => string> = {
  refresh_token_reused: () => t('relogin.reused'),
  refresh_token_expired: () => t('relogin.expired'),
  refresh_token_invalidated: () => t('relogin.invalidated'),
  invalid_grant: () => t('relogin.invalidGrant'),
  [EXPIRED]: () => t('relogin.tokenExpired'),
  [ASKED]: () => t('relogin.asked'),
};

export function ReloginBanner({ relogin }: { relogin: Relogin }) {
  const why = Object.hasOwn(REASONS, relogin.reason) ? REASONS[relogin.reason]!() : relogin.reason;
  return <Message tone="warn">{t('relogin.banner', { id: relogin.profileId, why })}</Message>;
}
