import { assertAgentId, resolveAgentPaths, type AgentPaths } from '../../env/paths.js';
import { existingAgentPaths } from '../../store/agents.js';
import { assertOwnPaths } from '../../store/ownership.js';
import type { CliContext } from '../context.js';

export interface AgentOption {
  agent?: string;
}

/**
 * The agent a command acts on, resolved once: `--agent <id>` must name an existing agent (SPEC 2);
 * without it, the default agent (`$OPENCLAW_AGENT_DIR` when set). Everything after this uses the paths
 * it returns and never resolves the agent again. Its folders and files are checked to be ours here, before
 * anything (a config naming plugin code, the store) is read from them.
 */
export async function resolveAgent(ctx: CliContext, options: AgentOption): Promise<AgentPaths> {
  const paths = options.agent === undefined ? resolveAgentPaths(ctx.env) : await existingAgentPaths(ctx.env, assertAgentId(options.agent), ctx.warn);
  await assertOwnPaths(paths, ctx.warn);
  return paths;
}
