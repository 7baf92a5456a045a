import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// SPEC 11: a profile linked to another agent's, read through at every use.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const NOW = Date.now();
const grant = { type: 'oauth', provider: 'openai-codex', access: 'eyJ.main-access.sig', refresh: 'rt_main_0123456789', expires: NOW + 3_600_000, accountId: 'acct_1' };
const run = (args: string[]) => runInProcess(args, { env: state.env });
const LINK = { links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } };

describe('a linked profile', () => {
  it('is used, listed by --provider with its owner, and follows the owner as it changes', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, ...LINK });
    expect(await run(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work'])).toMatchObject({ code: 0, stdout: `${grant.access}\n` });
    const why = JSON.parse((await run(['models', 'status', '--provider', 'openai-codex', '--agent', 'work', '--json'])).stdout);
    expect(why.active).toBe('openai-codex:default');
    expect(why.profiles).toMatchObject([{ id: 'openai-codex:default', source: 'inherited', owner: 'main' }]);

    // main signs in again: work uses the new grant at once, holding nothing of it.
    const fresh = { ...grant, access: 'eyJ.main-new.sig', refresh: 'rt_main_new_0123456789' };
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': fresh } });
    expect((await run(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work'])).stdout).toBe(`${fresh.access}\n`);
  });

  it('the owner\'s re-login mark is the linked profile\'s too; the message names the owner\'s sign-in', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai-codex:default': grant }, usageStats: { 'openai-codex:default': { reloginRequired: { since: 1, reason: 'refresh_token_reused' } } } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, ...LINK });
    const status = JSON.parse((await run(['models', 'status', '--agent', 'work', '--json'])).stdout);
    expect(status.profiles).toMatchObject([{ id: 'openai-codex:default', state: 'relogin', source: 'inherited', owner: 'main' }]);
    const token = await run(['models', 'auth', 'token', '--provider', 'openai-codex', '--agent', 'work', '--profile-id', 'openai-codex:default']);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('openclaw models auth login --provider openai-codex');
    expect(token.stderr).not.toContain('--agent work');
  });

  it('a link whose owner holds nothing: status warns in one line with the sign-in for this agent', async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: {} });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, ...LINK });
    const status = await run(['models', 'status', '--agent', 'work']);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('openai-codex:default is linked to main, which holds no usable sign-in for it now. Sign in on this agent with: openclaw models auth login --provider openai-codex --agent work');
  });
});
