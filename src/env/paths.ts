import { t } from '../base/i18n/index.js';
import { homeOf } from './home.js';
import { join, resolve, sep } from 'node:path';
import { UserError } from '../base/errors.js';
import type { Env } from '../base/io.js';
import { echoed } from '../base/redact.js';

export const DEFAULT_AGENT = 'main';
export const AGENT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Where one agent keeps its credentials, and where the shared state lives. */
export interface AgentPaths {
  agentId: string;
  stateDir: string;
  agentDir: string;
  /** `<agentDir>/auth-profiles.json`, the credential store. */
  storeFile: string;
  /** `<agentDir>/auth.json`, the derived runtime cache. */
  runtimeCacheFile: string;
  /** `<state>/credentials/oauth.json`, imported once, never written. */
  legacyFile: string;
  /** `<state>/openclaw.json`, read for `auth.order`. */
  configFile: string;
}

export function stateDir(env: Env): string {
  const fromEnv = env.OPENCLAW_STATE_DIR;
  if (fromEnv) return resolve(fromEnv);
  return join(homeOf(env), '.openclaw');
}

export function agentsDir(env: Env): string {
  return agentsDirIn(stateDir(env));
}

const agentsDirIn = (state: string) => inFolder(state, 'agents');

/** Why an agent id is not acceptable, or null when it is. */
export function agentIdProblem(id: string): string | null {
  if (id.length === 0) return t('agentId.empty');
  if (id.length > 64) return t('agentId.long');
  if (!AGENT_ID_PATTERN.test(id)) return t('agentId.pattern');
  return null;
}

export function assertAgentId(id: string): string {
  const problem = agentIdProblem(id);
  if (problem) throw new UserError(t('agentId.invalid', { value: echoed(id), problem }), 2);
  return id;
}

/**
 * The file `name` in `dir`, a folder's path as resolve() or join() gives it (absolute, normalized): what
 * join() would answer, without its normalizing pass over the whole path. `agents list` makes these for every
 * agent, and over 500 of them V8 compiled path.join's helpers with its optimizing compiler too.
 */
export function inFolder(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/**
 * `--agent <id>` wins; without it the default agent lives in `$OPENCLAW_AGENT_DIR` when that is set,
 * else in `<state>/agents/main/agent`. `state` is stateDir(env), given by a caller that asks for many agents.
 */
export function resolveAgentPaths(env: Env, agentFlag?: string, state = stateDir(env)): AgentPaths {
  const agentId = agentFlag === undefined ? DEFAULT_AGENT : assertAgentId(agentFlag);
  const agentDir =
    agentFlag === undefined && env.OPENCLAW_AGENT_DIR
      ? resolve(env.OPENCLAW_AGENT_DIR)
      : inFolder(inFolder(agentsDirIn(state), agentId), 'agent');
  return {
    agentId,
    stateDir: state,
    agentDir,
    storeFile: inFolder(agentDir, 'auth-profiles.json'),
    runtimeCacheFile: inFolder(agentDir, 'auth.json'),
    legacyFile: inFolder(inFolder(state, 'credentials'), 'oauth.json'),
    configFile: inFolder(state, 'openclaw.json'),
  };
}
