import { t } from '../../base/i18n/index.js';
import { readView, viewOptionsOf } from '../../auth/credentials/sources.js';
import { holderLabel } from '../../auth/routing/status-lines.js';
import { displayWidth, padEnd } from '../../base/terminal.js';
import { own } from '../../model/schema.js';
import { defineCommand } from '../command.js';
import { flag, type JsonFlag } from '../shared/flags.js';
import { print, printJson } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';

/** Chat channels live elsewhere in OpenClaw; this lists the auth profiles channels can use. */
export const channelsListCommand = defineCommand<AgentOption & JsonFlag>({
  path: 'channels list',
  about: () => t('help.channelsList'),
  flags: () => [flag.json()],
  async run(ctx, options) {
    const { store, sources } = await readView(await resolveAgent(ctx, options), viewOptionsOf(ctx.warn, ctx.env));
    // SPEC 11: whose grant it is: another agent's (`owner`), or another tool's file (`isExternal`).
    const auth = Object.entries(store.profiles)
      .map(([id, p]) => {
        const source = own(sources, id);
        const owner = source === undefined ? null : source.kind === 'inherited' ? source.owner : source.kind;
        return { id, provider: p.provider, type: p.type, isExternal: source !== undefined && source.kind !== 'inherited', source: source === undefined ? ('local' as const) : source.kind === 'inherited' ? ('inherited' as const) : ('external' as const), owner };
      })
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    if (options.json) {
      printJson(ctx, { chat: {}, auth });
      return 0;
    }
    print(ctx, t('channels.none'));
    print(ctx, auth.length ? t('channels.auth') : t('channels.authNone'));
    // Columns lined up by display width; a sign-in of another agent or tool says whose it is (SPEC 11).
    const idWidth = Math.max(0, ...auth.map((p) => displayWidth(p.id)));
    const typeWidth = Math.max(0, ...auth.map((p) => displayWidth(p.type)));
    for (const p of auth) {
      const holder = holderLabel(p);
      print(ctx, holder ? `  ${padEnd(p.id, idWidth)}  ${padEnd(p.type, typeWidth)}  ${holder}` : `  ${padEnd(p.id, idWidth)}  ${p.type}`);
    }
    return 0;
  },
});
