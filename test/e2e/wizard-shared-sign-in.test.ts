import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFileOf, tempState } from '../support/cli.js';
import { makeJwt, startIssuer, type Issuer } from '../support/issuer.mjs';
import { KEY, spawnWizard, type WizardSession } from '../support/wizard.js';

// SPEC 11 in the real wizard: "OpenAI Codex: use the Codex CLI sign-in", only when Codex holds a ChatGPT login.
let state: Awaited<ReturnType<typeof tempState>>;
let issuer: Issuer;
let session: WizardSession | undefined;
beforeEach(async () => {
  state = await tempState();
  issuer = await startIssuer({ accountId: 'acct_codex7' });
});
afterEach(async () => {
  session?.kill();
  session?.dispose();
  session = undefined;
  await issuer.close();
  await state.cleanup();
});

describe('the wizard offers the Codex CLI sign-in', () => {
  it('with its account when $CODEX_HOME/auth.json holds one; choosing it sends no request and the status says whose it is', async () => {
    const codexHome = join(state.dir, 'codex');
    await mkdir(codexHome, { mode: 0o700 });
    const grant = issuer.issueGrant({ accountId: 'acct_codex7', expiresIn: 3600 });
    const idToken = makeJwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'acct_codex7' }, email: 'dev@example.com' });
    const codex = JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: idToken, access_token: grant.access, refresh_token: grant.refresh, account_id: 'acct_codex7' }, last_refresh: '2026-01-01T00:00:00Z' });
    await writeFile(join(codexHome, 'auth.json'), codex, { mode: 0o600 });

    const s = (session = spawnWizard(['--agent', 'main'], { env: { ...state.env, CODEX_HOME: codexHome }, issuer: issuer.url, cols: 60, rows: 40 }));
    await s.waitStep('auth-choice');
    await s.waitScreen('use the Codex CLI sign-in (dev@example.com)');
    for (let i = 0; i < 3; i++) await s.keys('auth-choice', KEY.down);
    await s.keys('auth-choice', KEY.enter);
    await s.waitStep('status');
    await s.waitScreen('shared with Codex CLI');
    await s.keys('status', KEY.enter);
    expect((await s.exited).exitCode).toBe(0);
    expect(issuer.stats.refreshRequests).toBe(0);
    const store = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8'));
    expect(store.links).toEqual({ 'openai-codex:codex-cli': { provider: 'openai-codex', tool: 'codex-cli', file: join(codexHome, 'auth.json') } });
    expect(JSON.stringify(store)).not.toContain(grant.refresh);
    expect(await readFile(join(codexHome, 'auth.json'), 'utf8')).toBe(codex);
  }, 60_000);

  it('not offered without a Codex CLI sign-in', async () => {
    const s = (session = spawnWizard(['--agent', 'main'], { env: { ...state.env, CODEX_HOME: join(state.dir, 'nowhere') }, issuer: issuer.url }));
    await s.waitStep('auth-choice');
    await s.waitScreen('How should agent main sign in?');
    expect(s.text()).not.toContain('Codex CLI');
    await s.keys('auth-choice', KEY.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
  }, 60_000);
});
