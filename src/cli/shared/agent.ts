import { assertAgentId, resolveAgentPaths, type AgentPaths } from '../../env/paths.js';
import { existingAgentPaths } from '../../store/agents.js';
import type { CliContext } from '../context.js';

export interface AgentOption {
  agent?: string;
}

/**
 * The agent a command acts on, resolved once: `--agent <id>` must name an existing agent (SPEC 2);
 * without it, the default agent (`$OPENCLAW_AGENT_DIR` when set). Everything after this uses the paths
 * it returns and never resolves the agent again.
 */
export async function resolveAgent(ctx: CliContext, options: AgentOption): Promise<AgentPaths> {
  if (options.agent === undefined) return resolveAgentPaths(ctx.env);
  return existingAgentPaths(ctx.env, assertAgentId(options.agent), ctx.warn);
}
