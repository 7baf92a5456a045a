import { Argument, Option } from 'commander';
import { UserError } from '../../base/errors.js';
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
  about: 'create an agent',
  args: [new Argument('<id>', 'agent id')],
  flags: [new Option('--copy-auth-from <agent>', "copy another agent's profiles into the new one")],
  async run(ctx, options, id) {
    assertAgentId(id);
    if (options.agent !== undefined) await resolveAgent(ctx, options);
    const from = options.copyAuthFrom === undefined ? undefined : assertAgentId(options.copyAuthFrom);
    const storeOptions = { warn: ctx.warn, now: ctx.now };
    // Checked before anything is created: a bad source leaves no half-made agent behind.
    const source = from === undefined ? null : await readSourceAuth(ctx.env, from, storeOptions);
    const { agentDir, created } = await createAgent(ctx.env, id, ctx.warn);
    if (!created) throw new UserError(`Agent ${id} already exists (${agentDir}).`);
    print(ctx, `Created agent ${id} (${agentDir}).`);
    const signIn = `Sign it in with: ${suggest('onboard', { agent: id })}`;
    if (!source) {
      print(ctx, signIn);
      return 0;
    }
    const { copied, skipped, orders } = await copyAuth(source, resolveAgentPaths(ctx.env, id), storeOptions);
    const plural = copied.length === 1 ? '' : 's';
    print(ctx, copied.length ? `Copied ${copied.length} profile${plural} from ${from}: ${copied.join(', ')}` : `Copied no profiles from ${from}.`);
    if (orders.length) print(ctx, `Copied the order for: ${orders.join(', ')}`);
    if (skipped.length) {
      print(ctx, `Not copied: ${skipped.join(', ')} (OAuth sign-ins rotate their refresh token, so two agents sharing one would sign each other out).`);
      print(ctx, signIn);
    }
    return 0;
  },
});

export const agentsListCommand = defineCommand<AgentOption & JsonFlag>({
  path: 'agents list',
  about: 'list agents',
  flags: [flag.json()],
  async run(ctx, options) {
    if (options.agent !== undefined) await resolveAgent(ctx, options);
    const agents = await listAgents(ctx.env);
    if (options.json) {
      printJson(ctx, agents);
      return 0;
    }
    for (const agent of agents) {
      const count =
        agent.profiles === null ? `store unreadable: ${agent.problem}` : `${agent.profiles} profile${agent.profiles === 1 ? '' : 's'}`;
      print(ctx, `${agent.id}  ${count}  ${agent.agentDir}`);
    }
    return 0;
  },
});
