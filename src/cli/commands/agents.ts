import { assertAgentId } from '../../env/paths.js';
import { createAgent, listAgents } from '../../store/agents.js';
import { print, printJson, type CliContext } from '../context.js';
import { UserError } from '../errors.js';

export async function agentsAddCommand(ctx: CliContext, id: string): Promise<number> {
  assertAgentId(id);
  const { agentDir, created } = await createAgent(ctx.env, id);
  if (!created) throw new UserError(`Agent ${id} already exists (${agentDir}).`);
  print(ctx, `Created agent ${id} (${agentDir}).`);
  print(ctx, `Sign it in with: openclaw onboard --agent ${id}`);
  return 0;
}

export async function agentsListCommand(ctx: CliContext, options: { json?: boolean }): Promise<number> {
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
}
