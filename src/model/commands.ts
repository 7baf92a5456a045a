import { DEFAULT_AGENT } from '../env/paths.js';

/**
 * The commands openclaw suggests to the user. One builder, so that every suggestion names the agent and
 * the profile the same way and can be pasted as it is.
 */
export interface CommandTarget {
  agent: string;
  /** Named unless it is the provider's default profile. */
  profileId?: string;
  provider?: string;
}

/**
 * ` --agent <id>`, except for the default agent: its store may be `$OPENCLAW_AGENT_DIR`, which an explicit
 * `--agent main` would not reach.
 */
export function agentFlag(agent: string): string {
  return agent === DEFAULT_AGENT ? '' : ` --agent ${agent}`;
}

/** `openclaw <words>`, then ` --profile-id …` and ` --agent …` where needed. */
export function suggest(words: string, target: CommandTarget): string {
  const { profileId, provider } = target;
  const profile = profileId !== undefined && profileId !== `${provider}:default` ? ` --profile-id ${profileId}` : '';
  return `openclaw ${words}${profile}${agentFlag(target.agent)}`;
}

/** The command that keeps an API key of `provider` (read from stdin or a masked prompt, never argv). */
export function apiKeyCommand(provider: string, target: Omit<CommandTarget, 'provider'>): string {
  return suggest(`models auth login --provider ${provider} --method api-key`, { ...target, provider });
}

/** The command that signs a profile of `provider` in (again). */
export function signInCommand(provider: string, target: Omit<CommandTarget, 'provider'>): string {
  // Every registered provider signs in through `models auth login` (SPEC 8); Anthropic's subscription
  // token has its own guided command.
  const words = provider === 'anthropic' ? 'models auth setup-token --provider anthropic' : `models auth login --provider ${provider}`;
  return suggest(words, { ...target, provider });
}
