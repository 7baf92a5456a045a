import { t } from '../../base/i18n/index.js';
import type { Warn } from '../../base/io.js';
import { readConfig } from '../../env/config.js';
import type { AgentPaths } from '../../env/paths.js';
import type { OwnCheck } from '../../store/ownership.js';
import { assertOwnConfig } from '../../store/trusted-code.js';
import { BUILTIN_PROVIDERS } from './builtins.js';
import { loadPlugins } from './plugins.js';
import type { MethodSummary, ProviderDef, Registry, SignInMethod } from './types.js';

/** The built-in providers only: no config read, no plugin code (what `models status` may use). */
export function builtinRegistry(): Registry {
  return { providers: [...BUILTIN_PROVIDERS], errors: [], skipped: [] };
}

/**
 * Built-ins and the plugins of `<state>/openclaw.json` → `plugins.load.paths`. Each plugin that failed
 * to load is named once through `warn`, unless `listsErrors` (the caller shows `errors` itself).
 * `tighten: false`: loose files are not tightened (the doctor without --fix, see OwnCheck).
 */
export async function loadRegistry(paths: Pick<AgentPaths, 'configFile'>, options: OwnCheck & { warn: Warn; listsErrors?: boolean }): Promise<Registry> {
  const check: OwnCheck = { tighten: options.tighten };
  // SPEC 2 before anything is read: a config in a state dir of another user names code of theirs.
  await assertOwnConfig(paths.configFile, options.warn, check);
  const { pluginPaths } = await readConfig(paths.configFile, options.warn);
  if (pluginPaths.length === 0) return builtinRegistry();
  const taken = new Map(BUILTIN_PROVIDERS.map((p) => [p.id, 'built-in']));
  const { providers, errors, skipped } = await loadPlugins(pluginPaths, taken, { warn: options.warn, ...check });
  if (!options.listsErrors) {
    for (const error of errors) options.warn(t('plugin.notLoaded', { file: error.file, reason: error.reason }));
    for (const passed of skipped) options.warn(t('plugin.skipped', { file: passed.file, reason: passed.reason }));
  }
  return { providers: [...BUILTIN_PROVIDERS, ...providers], errors, skipped };
}

export function findProvider(registry: Registry, id: string): ProviderDef | undefined {
  return registry.providers.find((p) => p.id === id);
}

export function findMethod(provider: ProviderDef, id: string): SignInMethod | undefined {
  return provider.methods.find((m) => m.id === id);
}

/** Every method of every provider, in registry order, as a list of choices needs it. */
export function methodSummaries(registry: Registry): MethodSummary[] {
  return registry.providers.flatMap((p) =>
    p.methods.map((m) => ({
      provider: p.id,
      providerLabel: p.label,
      id: m.id,
      kind: m.kind,
      label: m.label,
      source: p.source,
      ...(m.kind === 'api-key' && m.hint !== undefined ? { hint: m.hint } : {}),
      ...(m.kind === 'api-key' && m.pattern !== undefined ? { pattern: m.pattern } : {}),
    })),
  );
}
