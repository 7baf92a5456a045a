import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeSetupToken, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

// A bad profile id is reported under the flag or argument the user typed it in, not always --profile-id.
it.each([
  [['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'Bad Name'], /^error: Invalid --profile-id: /],
  [['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin', '--token-profile-id', 'Bad Name'], /^error: Invalid --token-profile-id: /],
  [['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'anthropic:ok', 'Bad Name'], /^error: Invalid profile id in the arguments of models auth order set: /],
])('%j names where the bad id came from', async (args, message) => {
  const r = await runInProcess(args, { env: state.env, input: fakeSetupToken() });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toContain('"anthropic:Bad Name"');
});

it('the same in Chinese', async () => {
  const env = { ...state.env, OPENCLAW_LANG: 'zh-Hant' };
  const onboard = await runInProcess(['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin', '--token-profile-id', 'x:y'], { env, input: fakeSetupToken() });
  expect(onboard.stderr).toMatch(/^錯誤：--token-profile-id 無效：/);
  const order = await runInProcess(['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'x:y'], { env });
  expect(order.stderr).toMatch(/^錯誤：models auth order set 的引數中有無效的設定檔 id：/);
});
