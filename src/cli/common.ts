import { resolveAgentPaths, printable, type AgentPaths } from '../env/paths.js';
import { PROVIDER_PATTERN, profileIdProblem } from '../store/schema.js';
import type { CliContext } from './context.js';
import { EXIT, UserError } from './errors.js';
import { parseDuration } from '../auth/setup-token.js';

export interface AgentOption {
  agent?: string;
}

export function agentPaths(ctx: CliContext, options: AgentOption): AgentPaths {
  return resolveAgentPaths(ctx.env, options.agent);
}

export function assertProvider(provider: string): string {
  if (!PROVIDER_PATTERN.test(provider)) {
    throw new UserError(`Invalid provider "${printable(provider)}": use lowercase letters, digits, ".", "_" and "-".`, EXIT.usage);
  }
  return provider;
}

/** `--profile-id work` and `--profile-id anthropic:work` both mean `anthropic:work`. */
export function profileIdFor(provider: string, given: string | undefined): string {
  const id = given === undefined ? `${provider}:default` : given.includes(':') ? given : `${provider}:${given}`;
  const problem = profileIdProblem(id, provider);
  if (problem) throw new UserError(`Invalid --profile-id: ${printable(problem, 160)}.`, EXIT.usage);
  return id;
}

export function durationOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === null) {
    throw new UserError(`Invalid ${flag} "${printable(value)}": use a number and a unit, e.g. 365d, 12h, 30m.`, EXIT.usage);
  }
  return ms;
}


export function listOrNone(ids: string[]): string {
  return ids.length ? ids.join(', ') : '(none)';
}
