import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect } from 'vitest';
import type { CredentialDeps } from '../../src/auth/credentials/resolve.js';
import type { RefreshedTokens } from '../../src/auth/credentials/codex-refresh.js';
import { UserError } from '../../src/base/errors.js';
import { resolveAgentPaths, type AgentPaths } from '../../src/env/paths.js';
import { plantStore, tempState } from '../support/cli.js';

// What the getCredential tests share: a fixed clock, a profile, a fresh agent dir per test, fakes.
export const NOW = 1_800_000_000_000;
export const MIN = 60_000;
export const ACCESS = 'eyJhbGciOiJub25lIn0.eyJvbGQiOjF9.old-access-signature';
export const REFRESH = 'rt_old_refresh_token_0123456789abcdef';

export const oauth = (over: Record<string, unknown> = {}) => ({
  type: 'oauth',
  provider: 'openai-codex',
  access: ACCESS,
  refresh: REFRESH,
  expires: NOW + 2 * MIN,
  accountId: 'acct_1',
  ...over,
});

export const newTokens = (n = 1): RefreshedTokens => ({
  access: `eyJhbGciOiJub25lIn0.eyJuZXciOiR9.new-access-${n}`,
  refresh: `rt_new_refresh_${n}_abcdefabcdef`,
  expires: NOW + 60 * MIN,
  accountId: 'acct_1',
});

/** A refresh that records its calls; `answer` decides what each call does. */
export function fakeRefresh(answer: (token: string, call: number) => Promise<RefreshedTokens> | RefreshedTokens) {
  const calls: string[] = [];
  const refresh = async (token: string) => {
    calls.push(token);
    return answer(token, calls.length);
  };
  return { calls, refresh };
}

export async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** A fresh state dir for every test of the calling file, and helpers bound to it. */
export function useTempAgent() {
  const agent = {
    stateDir: '',
    paths: undefined as unknown as AgentPaths,
    warnings: [] as string[],
    seed: (store: Record<string, unknown>): Promise<void> => plantStore(agent.paths.storeFile, store),
    onDisk: async () => JSON.parse(await readFile(agent.paths.storeFile, 'utf8')),
    deps(over: Partial<CredentialDeps> = {}): Partial<CredentialDeps> {
      return {
        now: () => NOW,
        warn: (line) => agent.warnings.push(line),
        env: {},
        refresh: async () => {
          throw new Error('no refresh expected');
        },
        ...over,
      };
    },
  };
  let cleanup: () => Promise<void> = async () => undefined;
  beforeEach(async () => {
    const state = await tempState();
    cleanup = state.cleanup;
    agent.stateDir = state.dir;
    agent.paths = resolveAgentPaths({ OPENCLAW_STATE_DIR: state.dir });
    agent.warnings = [];
  });
  afterEach(() => cleanup());
  return agent;
}
