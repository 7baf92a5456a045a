import { UserError } from '../../base/errors.js';
import type { Env, Warn } from '../../base/io.js';
import type { AgentPaths } from '../../env/paths.js';
import { checkedAccountId } from '../../model/account.js';
import { claudeCredentialsFile, codexAuthFile, readClaudeLogin, readCodexLogin, type CodexLogin } from '../../store/external.js';
import { putLink } from '../../store/profiles.js';
import { updateStore } from '../../store/store.js';
import { emailOf } from '../jwt-claims.js';
import { toolProblem } from '../credentials/tools.js';

interface AdoptOptions {
  env: Env;
  warn: Warn;
  now: () => number;
}

/** Who Codex CLI's file says is signed in: the email of its id token, else its ChatGPT account id. */
export async function codexCliAccount(env: Env): Promise<{ file: string; account: string | null } | null> {
  const file = codexAuthFile(env);
  const login = await readCodexLogin(file);
  if (!login.ok) return null;
  return { file, account: accountOf(login.value) };
}

/** The email of a Codex login's id token, else its ChatGPT account id. */
function accountOf({ idToken, accountId }: CodexLogin): string | null {
  return (idToken ? emailOf(idToken) : null) ?? checkedAccountId(accountId);
}

/**
 * SPEC 11: `openai-codex:codex-cli` shares Codex CLI's grant. No request is sent and no token is copied:
 * the store keeps a link to Codex's file, read at every use and written back after a refresh of ours.
 */
export async function adoptCodexCli(paths: AgentPaths, profileId: string, options: AdoptOptions): Promise<{ file: string; account: string | null }> {
  const file = codexAuthFile(options.env);
  const login = await readCodexLogin(file);
  if (!login.ok) throw new UserError(toolProblem('codex-cli', file, login.problem));
  await updateStore(paths, (draft) => putLink(draft, profileId, { provider: 'openai-codex', tool: 'codex-cli', file }), options);
  return { file, account: accountOf(login.value) };
}

/** Whether Claude Code's credentials file is there with a sign-in in it (the wizard offers it then). */
export async function claudeCliPresent(env: Env): Promise<boolean> {
  return (await readClaudeLogin(claudeCredentialsFile(env))).ok;
}

/** SPEC 11: `anthropic:claude-cli` reads Claude Code's file through at every use; it is never written. */
export async function adoptClaudeCli(paths: AgentPaths, profileId: string, options: AdoptOptions): Promise<{ file: string; expired: boolean }> {
  const file = claudeCredentialsFile(options.env);
  const login = await readClaudeLogin(file);
  if (!login.ok) throw new UserError(toolProblem('claude-cli', file, login.problem));
  await updateStore(paths, (draft) => putLink(draft, profileId, { provider: 'anthropic', tool: 'claude-cli', file }), options);
  return { file, expired: login.value.expires !== null && login.value.expires <= options.now() };
}
