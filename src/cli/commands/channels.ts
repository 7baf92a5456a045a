import { t } from '../../base/i18n/index.js';
import { readStore } from '../../store/store.js';
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
    const { store } = await readStore(await resolveAgent(ctx, options), { warn: ctx.warn });
    const auth = Object.entries(store.profiles)
      .map(([id, p]) => ({ id, provider: p.provider, type: p.type, isExternal: false }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    if (options.json) {
      printJson(ctx, { chat: {}, auth });
      return 0;
    }
    print(ctx, t('channels.none'));
    print(ctx, auth.length ? t('channels.auth') : t('channels.authNone'));
    for (const p of auth) print(ctx, `  ${p.id}  ${p.type}`);
    return 0;
  },
});
