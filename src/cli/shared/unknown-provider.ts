import { BUILTIN_PROVIDERS } from '../../auth/providers/builtins.js';
import { didYouMean, unknownProviderError } from '../../auth/providers/unknown.js';
import type { AgentStatus } from '../../auth/routing/status.js';
import { t } from '../../base/i18n/index.js';
import { echoed } from '../../base/redact.js';

/**
 * `models status --provider p` for a `p` with no profiles. SPEC 8: status never loads plugin code, so it
 * knows the built-ins and the store. An id in neither is a usage error when no plugin is configured (as
 * `models auth login --provider nosuch`); with plugins it may be one of theirs, so it is told, not refused.
 * Returns that sentence, or null for a built-in provider.
 */
export function notBuiltIn(status: AgentStatus, provider: string, pluginsConfigured: boolean): string | null {
  const builtIn = BUILTIN_PROVIDERS.map((p) => p.id);
  if (builtIn.includes(provider)) return null;
  const stored = [...new Set(status.profiles.map((p) => p.provider))];
  if (!pluginsConfigured) throw unknownProviderError(provider, { agent: status.agent, registered: builtIn, stored, failedPlugins: 0 });
  const hint = didYouMean(provider, [...builtIn, ...stored]);
  return t('provider.notBuiltIn', { id: echoed(provider), agent: status.agent, hint, ids: builtIn.join(t('list.join')) });
}
