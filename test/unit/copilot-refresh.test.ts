import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthRefresherFor } from '../../src/auth/providers/refresh.js';
import { classifyRefreshError } from '../../src/auth/credentials/refresh-errors.js';
import { builtinRegistry } from '../../src/auth/providers/registry.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.mjs';
import { redirectGithub } from '../support/redirect-github.mjs';

/** GitHub Copilot's refresh through the registry (pi-ai, loaded on first use) against the local stand-in. */
let github: GithubStandin;
let undo: () => void;
beforeAll(async () => {
  github = await startGithubStandin();
  undo = redirectGithub(github.url);
});
afterAll(async () => {
  undo();
  await github.close();
});

describe('oauthRefresherFor(github-copilot)', () => {
  it('asks for a new Copilot token with the GitHub token; the secret is the Copilot token; the GitHub token stays', async () => {
    const githubToken = github.issueGithubToken();
    const refresh = oauthRefresherFor(builtinRegistry(), 'github-copilot')!;
    const before = github.stats.copilotTokens;
    const { credentials, secret } = await refresh({ type: 'oauth', provider: 'github-copilot', access: 'tid=old', refresh: githubToken, expires: 1, note: 'kept' });
    expect(github.stats.copilotTokens - before).toBe(1);
    expect(secret).toMatch(/^tid=.*proxy-ep=proxy\.individual\.githubcopilot\.com/);
    expect(credentials).toMatchObject({ type: 'oauth', provider: 'github-copilot', access: secret, refresh: githubToken, note: 'kept' });
    expect(credentials.expires).toBeGreaterThan(Date.now() + 20 * 60_000);
  });

  it('a GitHub token the server no longer knows: the refresh rejects with the 401 (for SPEC 4 to call permanent)', async () => {
    const refresh = oauthRefresherFor(builtinRegistry(), 'github-copilot')!;
    const error = await refresh({ type: 'oauth', provider: 'github-copilot', access: 'tid=old', refresh: 'gho_revoked', expires: 1 }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/^401/);
    expect(classifyRefreshError(error, ['gho_revoked'])).toMatchObject({ kind: 'permanent', reason: 'unauthorized', detail: 'HTTP 401' });
  });
});
