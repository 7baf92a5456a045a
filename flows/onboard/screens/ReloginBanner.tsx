import { Message } from '../../../components/Message.js';
import type { Relogin } from '../state.js';

const REASONS: Record<string, string> = {
  refresh_token_reused: 'its refresh token was used elsewhere, which logs this copy out',
  refresh_token_expired: 'its refresh token expired',
  refresh_token_invalidated: 'its refresh token was revoked',
  invalid_grant: 'the provider no longer accepts its refresh token',
  'the token has expired': 'the token has expired',
};

export function ReloginBanner({ relogin }: { relogin: Relogin }) {
  const why = REASONS[relogin.reason] ?? relogin.reason;
  return <Message tone="warn">{`${relogin.profileId} needs signing in again: ${why}. Signing in keeps the same profile id.`}</Message>;
}
