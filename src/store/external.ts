import { readFile, stat } from '../base/fs.js';
import { homeOf } from '../env/home.js';
import { join } from 'node:path';
import type { Env } from '../base/io.js';
import { writeFileAtomic } from './files.js';
import { parseJsonText } from './parse.js';

/**
 * SPEC 11: the sign-in files of other tools that a profile shares. Codex CLI's is shared (read before
 * every refresh, written back after one of ours); Claude Code's is only ever read. Nothing here keeps a
 * copy: every use reads the file as it is now.
 */

export function codexAuthFile(env: Env): string {
  return join(env.CODEX_HOME || join(homeOf(env), '.codex'), 'auth.json');
}

export function claudeCredentialsFile(env: Env): string {
  return join(env.CLAUDE_CONFIG_DIR || join(homeOf(env), '.claude'), '.credentials.json');
}

/** Why a tool's file cannot be used, in words a caller turns into a sentence. */
export type ForeignProblem = 'missing' | 'foreign' | 'malformed' | 'not-chatgpt';

export type Foreign<T> = { ok: true; value: T } | { ok: false; problem: ForeignProblem };

export interface CodexLogin {
  access: string;
  refresh: string;
  idToken: string | null;
  accountId: string | null;
}

export interface ClaudeLogin {
  access: string;
  /** Epoch ms; null when the file names no expiry. */
  expires: number | null;
}

const objectOf = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The file's JSON object, when it is there, ours (another user's is never read) and JSON. */
async function readForeign(file: string): Promise<Foreign<Record<string, unknown>>> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return { ok: false, problem: 'missing' };
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return { ok: false, problem: 'foreign' };
  const bytes = await readFile(file).catch(() => null);
  if (bytes === null) return { ok: false, problem: 'missing' };
  const json = parseJsonText(bytes);
  const value = json.ok ? objectOf(json.value) : null;
  return value ? { ok: true, value } : { ok: false, problem: 'malformed' };
}

/** Codex CLI's ChatGPT login: `tokens.{access_token, refresh_token, id_token, account_id}`. An API key alone is not one. */
export async function readCodexLogin(file: string): Promise<Foreign<CodexLogin>> {
  const read = await readForeign(file);
  if (!read.ok) return read;
  const tokens = objectOf(read.value.tokens);
  const access = text(tokens?.access_token);
  const refresh = text(tokens?.refresh_token);
  if (!tokens || !access || !refresh) return { ok: false, problem: tokens || text(read.value.OPENAI_API_KEY) ? 'not-chatgpt' : 'malformed' };
  return { ok: true, value: { access, refresh, idToken: text(tokens.id_token), accountId: text(tokens.account_id) } };
}

/**
 * After a refresh of ours: the rotated tokens go into Codex's file, atomically and 0600, every other field
 * kept and `last_refresh` set, so that Codex and the sink go on with one grant.
 */
export async function writeCodexTokens(file: string, tokens: { access: string; refresh: string; idToken?: string }, now: number): Promise<void> {
  const read = await readForeign(file);
  if (!read.ok) throw new Error(`cannot update ${file}: ${read.problem}`);
  const before = objectOf(read.value.tokens) ?? {};
  const next = {
    ...read.value,
    tokens: { ...before, access_token: tokens.access, refresh_token: tokens.refresh, ...(tokens.idToken ? { id_token: tokens.idToken } : {}) },
    last_refresh: new Date(now).toISOString(),
  };
  await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
}

/** Claude Code's login: `claudeAiOauth.{accessToken, refreshToken, expiresAt}`; only the access token is taken. */
export async function readClaudeLogin(file: string): Promise<Foreign<ClaudeLogin>> {
  const read = await readForeign(file);
  if (!read.ok) return read;
  const oauth = objectOf(read.value.claudeAiOauth);
  const access = text(oauth?.accessToken);
  if (!oauth || !access) return { ok: false, problem: 'malformed' };
  const raw = typeof oauth.expiresAt === 'number' && Number.isFinite(oauth.expiresAt) && oauth.expiresAt >= 0 ? oauth.expiresAt : null;
  // Claude Code writes epoch milliseconds; a value below 1e11 (1973 as milliseconds) is seconds, read as such
  // so that status does not show an expiry fifty years ago.
  const expires = raw !== null && raw < 1e11 ? raw * 1000 : raw;
  return { ok: true, value: { access, expires } };
}
