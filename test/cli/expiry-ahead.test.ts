import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeSetupToken, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

/** Issue 21: a token that cannot renew itself is told `expiring` 14 days ahead, with what renews it. */
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const DAY = 86_400_000;

it('a setup-token 10 days from its end: expiring, with the renewal command; --check exits 2; both languages', async () => {
  await plantStore(storeFileOf(state.dir), { profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: fakeSetupToken('t'), expires: Date.now() + 10 * DAY } } });
  const text = await runInProcess(['models', 'status'], { env: state.env });
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/anthropic:default {2}token {2}expiring/);
  expect(text.stdout).toMatch(/expires in (9d 23h|10d) and cannot renew itself; renew it with openclaw models auth setup-token --provider anthropic/);
  expect(text.stdout).toMatch(/To fix:\n {2}openclaw models auth setup-token --provider anthropic\n/);
  const check = await runInProcess(['models', 'status', '--check'], { env: state.env });
  expect(check.code).toBe(2);
  const json = JSON.parse((await runInProcess(['models', 'status', '--json'], { env: state.env })).stdout);
  expect(json.profiles[0].state).toBe('expiring');
  const zh = await runInProcess(['models', 'status'], { env: { ...state.env, LANG: 'zh_TW.UTF-8' } });
  expect(zh.stdout).toMatch(/到期，且無法自行更新；請用 openclaw models auth setup-token --provider anthropic 更新/);
});

it('a pasted token of another provider names paste-token; 20 days ahead is still ok; an OAuth access token keeps the 24 h rule', async () => {
  await plantStore(storeFileOf(state.dir), {
    profiles: {
      'openrouter:pasted': { type: 'token', provider: 'openrouter', token: 'sk-or-v1-pasted-0123456789', expires: Date.now() + 3 * DAY },
      'anthropic:far': { type: 'token', provider: 'anthropic', token: fakeSetupToken('f'), expires: Date.now() + 20 * DAY },
      'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'a', refresh: 'r', expires: Date.now() + 10 * DAY, accountId: 'acct' },
    },
  });
  const json = JSON.parse((await runInProcess(['models', 'status', '--json'], { env: state.env })).stdout);
  const states = Object.fromEntries(json.profiles.map((p: { id: string; state: string }) => [p.id, p.state]));
  expect(states).toEqual({ 'openrouter:pasted': 'expiring', 'anthropic:far': 'ok', 'openai-codex:default': 'ok' });
  const text = await runInProcess(['models', 'status'], { env: state.env });
  expect(text.stdout).toContain('openclaw models auth paste-token --provider openrouter --profile-id openrouter:pasted');
  expect((await runInProcess(['models', 'status', '--check'], { env: state.env })).code).toBe(2);
});
