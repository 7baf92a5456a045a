import { t } from '../../base/i18n/index.js';
import { argument, option } from '../shared/commander.js';
import { UserError } from '../../base/errors.js';
import { displayWidth, padEnd } from '../../base/terminal.js';
import { assertAgentId, resolveAgentPaths } from '../../env/paths.js';
import { suggest } from '../../model/commands.js';
import { copyAuth, createAgent, listAgents, readSourceAuth } from '../../store/agents.js';
import { defineCommand } from '../command.js';
import { flag, type JsonFlag } from '../shared/flags.js';
import { print, printJson } from '../context.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';

interface AgentsAddOptions extends AgentOption {
  copyAuthFrom?: string;
}

export const agentsAddCommand = defineCommand<AgentsAddOptions, [string]>({
  path: 'agents add',
  about: () => t('help.agentsAdd'),
  args: () => [argument('<id>', t('help.agentsAdd.id'))],
  flags: () => [option('--copy-auth-from <agent>', t('help.agentsAdd.copy'))],
  async run(ctx, options, id) {
    assertAgentId(id);
    if (options.agent !== undefined) await resolveAgent(ctx, options);
    const from = options.copyAuthFrom === undefined ? undefined : assertAgentId(options.copyAuthFrom);
    const storeOptions = { warn: ctx.warn, now: ctx.now };
    // Checked before anything is created: a bad source leaves no half-made agent behind.
    const source = from === undefined ? null : await readSourceAuth(ctx.env, from, storeOptions);
    const { agentDir, created } = await createAgent(ctx.env, id, ctx.warn);
    if (!created) throw new UserError(t('agents.exists', { agent: id, dir: agentDir }));
    print(ctx, t('agents.created', { agent: id, dir: agentDir }));
    const signIn = t('agents.signIn', { command: suggest('onboard', { agent: id }) });
    if (!source) {
      print(ctx, signIn);
      return 0;
    }
    const { copied, linked, orders, keychainItems } = await copyAuth(source, from!, resolveAgentPaths(ctx.env, id), storeOptions);
    print(ctx, copied.length === 1 ? t('agents.copiedOne', { from: from!, ids: copied.join(', ') }) : copied.length ? t('agents.copied', { from: from!, n: copied.length, ids: copied.join(', ') }) : t('agents.copiedNone', { from: from! }));
    if (linked.length) print(ctx, linked.length === 1 ? t('agents.linkedOne', { from: from!, ids: linked.join(', ') }) : t('agents.linked', { from: from!, n: linked.length, ids: linked.join(', ') }));
    if (orders.length) print(ctx, t('agents.copiedOrder', { providers: orders.join(', ') }));
    // The keychain item is not copied: both agents name it, and it stays while either does (logout says so).
    for (const k of keychainItems) print(ctx, t('agents.sharedKeychain', { id: k.id, item: k.item, agent: id }));
    return 0;
  },
});

export const agentsListCommand = defineCommand<AgentOption & JsonFlag>({
  path: 'agents list',
  about: () => t('help.agentsList'),
  flags: () => [flag.json()],
  async run(ctx, options) {
    if (options.agent !== undefined) await resolveAgent(ctx, options);
    const agents = await listAgents(ctx.env, ctx.warn);
    if (options.json) {
      printJson(ctx, agents.map(({ id, agentDir, profiles, problem }) => ({ id, agentDir, profiles, problem })));
      return 0;
    }
    const rows = agents.map((agent) => ({
      id: agent.id,
      count: agent.profiles === null ? t('agents.unreadable', { problem: agent.problem ?? '' }) : agent.profiles === 1 ? t('agents.countOne') : t('agents.count', { n: agent.profiles }),
      dir: agent.agentDir,
    }));
    // Columns padded by display width: a Chinese count takes two columns a character.
    const idWidth = Math.max(0, ...rows.map((row) => displayWidth(row.id)));
    const countWidth = Math.max(0, ...rows.map((row) => displayWidth(row.count)));
    for (const row of rows) {
      print(ctx, t('agents.line', { id: padEnd(row.id, idWidth), count: padEnd(row.count, countWidth), dir: row.dir }));
    }
    return 0;
  },
});
