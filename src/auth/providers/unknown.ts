import { EXIT, UserError } from '../../base/errors.js';
import { listOrNone, t } from '../../base/i18n/index.js';
import { echoed } from '../../base/redact.js';
import { closest } from '../../model/closest.js';
import type { Registry } from './types.js';

/** ` Did you mean anthropic?` when a known id is within two edits of `id`; else nothing. */
export function didYouMean(id: string, known: Iterable<string>): string {
  const near = closest(id, known);
  return near === null ? '' : t('provider.didYouMean', { id: near });
}

/** ` (2 plugins failed to load, named above)` after a list of registered ids; nothing when none failed. */
export function failedPluginsNote(n: number): string {
  return n === 0 ? '' : n === 1 ? t('login.pluginFailed') : t('login.pluginsFailed', { n });
}

/**
 * A provider id from the command line that names no registered provider and no stored profile (SPEC 6:
 * a usage error, as `models auth login --provider nosuch`). It offers the nearest id and lists the
 * registered ones; it never suggests signing in, which cannot work for such an id.
 */
export function unknownProviderError(
  id: string,
  known: { agent: string; registered: readonly string[]; stored: readonly string[]; failedPlugins: number },
): UserError {
  return new UserError(
    t('provider.unknown', {
      id: echoed(id),
      agent: known.agent,
      hint: didYouMean(id, [...known.registered, ...known.stored]),
      ids: listOrNone(known.registered),
      failed: failedPluginsNote(known.failedPlugins),
    }),
    EXIT.usage,
  );
}

/**
 * `--provider` naming no registered provider, for the commands that act on one (`models auth login`,
 * `paste-token`): the nearest id, the registered ones and any plugin that failed to load; exit 2.
 */
export function unregisteredProvider(registry: Registry, id: string): UserError {
  const registered = registry.providers.map((p) => p.id);
  const failed = failedPluginsNote(registry.errors.length);
  return new UserError(t('login.unknownProvider', { id: echoed(id), hint: didYouMean(id, registered), ids: listOrNone(registered), failed }), EXIT.usage);
}
