import { loadRegistry } from '../../auth/providers/registry.js';
import type { SignInMethod } from '../../auth/providers/types.js';
import { EXIT } from '../../base/errors.js';
import { t, useLang } from '../../base/i18n/index.js';
import { printable } from '../../base/text.js';
import { defineCommand } from '../command.js';
import { print, printJson } from '../context.js';
import { flag, type JsonFlag } from '../shared/flags.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';

function methodJson(method: SignInMethod) {
  return {
    id: method.id,
    kind: method.kind,
    label: method.label,
    ...(method.kind === 'api-key' && method.hint !== undefined ? { hint: method.hint } : {}),
    ...(method.kind === 'api-key' && method.pattern !== undefined ? { pattern: method.pattern } : {}),
  };
}

/** SPEC 8: the registered providers, their sign-in methods and where they come from; plugins that failed to load. */
export const providersCommand = defineCommand<AgentOption & JsonFlag>({
  path: 'models auth providers',
  about: () => t('help.providers'),
  flags: () => [flag.json()],
  async run(ctx, options) {
    const paths = await resolveAgent(ctx, options);
    if (options.json) {
      // SPEC 9: --json is never translated; the built-in labels and the load errors are read in English.
      const restore = await useLang('en');
      try {
        const registry = await loadRegistry(paths, { warn: ctx.warn, listsErrors: true });
        printJson(ctx, {
          providers: registry.providers.map((p) => ({ id: p.id, label: p.label, source: p.source, methods: p.methods.map(methodJson) })),
          errors: registry.errors,
          skipped: registry.skipped,
        });
      } finally {
        restore();
      }
      return EXIT.ok;
    }
    // The load errors are part of this command's answer: named here once, not also as warnings.
    const registry = await loadRegistry(paths, { warn: ctx.warn, listsErrors: true });
    for (const provider of registry.providers) {
      const values = { id: provider.id, label: provider.label };
      print(ctx, provider.source === 'built-in' ? t('providers.builtIn', values) : t('providers.plugin', { ...values, file: printable(provider.source, 200) }));
      const width = Math.max(...provider.methods.map((m) => m.id.length));
      for (const method of provider.methods) print(ctx, `  ${method.id.padEnd(width)}  ${method.label}`);
    }
    if (registry.errors.length) {
      print(ctx);
      print(ctx, t('providers.failed', { n: registry.errors.length }));
      for (const error of registry.errors) print(ctx, `  ${error.file}: ${error.reason}`);
    }
    if (registry.skipped.length) {
      print(ctx);
      print(ctx, t('providers.skipped', { n: registry.skipped.length }));
      for (const passed of registry.skipped) print(ctx, `  ${passed.file}: ${passed.reason}`);
    }
    print(ctx);
    print(ctx, t('providers.signIn'));
    return EXIT.ok;
  },
});
