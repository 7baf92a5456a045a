import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { fakeSetupToken, storeFileOf } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { redirectFetch } from '../support/redirect-fetch.mjs';
import { useProbeStandin } from '../support/probe-hooks.js';
import { PROBE_HOSTS, refusedUrl } from '../support/probe-standin.mjs';

/** Issue 21: a secret pasted to a line command is checked with its provider (the stand-in) before it is kept. */
const live = useProbeStandin();

const stored = async () => JSON.parse(await readFile(storeFileOf(live.state.dir), 'utf8')).profiles as Record<string, { token?: string; key?: string }>;
const noStore = () => expect(readFile(storeFileOf(live.state.dir), 'utf8')).rejects.toThrow();

it('a setup-token the provider accepts is saved, saying it was checked (both languages)', async () => {
  const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: live.state.env, input: fakeSetupToken('good') });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('Checked: it works (anthropic accepted it).');
  expect((await stored())['anthropic:default']?.token).toBe(fakeSetupToken('good'));
  const zh = await runInProcess(['models', 'auth', 'setup-token', '--profile-id', 'zh'], { env: { ...live.state.env, LANG: 'zh_TW.UTF-8' }, input: fakeSetupToken('good2') });
  expect(zh.code, zh.stderr).toBe(0);
  expect(zh.stdout).toContain('已檢查：可以使用（anthropic 已接受）。');
});

it('one the provider refuses (401/403) is not saved: exit 1, saying so and what to run again; the secret never shown', async () => {
  const token = fakeSetupToken('refused');
  const cases: [string[], string, RegExp][] = [
    [['models', 'auth', 'paste-token', '--provider', 'anthropic'], token, /openclaw models auth paste-token --provider anthropic$/m],
    [['models', 'auth', 'setup-token', '--profile-id', 'work'], token, /openclaw models auth setup-token --provider anthropic --profile-id anthropic:work$/m],
    [['models', 'auth', 'login', '--provider', 'openai'], 'sk-proj-forbidden-0123456789abcdefXYZ', /openclaw models auth login --provider openai --method api-key$/m],
    [['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin'], token, /openclaw onboard --non-interactive --auth-choice setup-token --token-stdin$/m],
  ];
  for (const [args, input, again] of cases) {
    const r = await runInProcess(args, { env: live.state.env, input });
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stderr).toMatch(/refused it \(refused by (anthropic|openai) \(HTTP 40[13]\)/);
    expect(r.stderr).toContain('nothing was saved');
    expect(r.stderr).toMatch(again);
    expect(r.stdout + r.stderr).not.toContain(input);
    await noStore();
  }
  const zh = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic'], { env: { ...live.state.env, LANG: 'zh_TW.UTF-8' }, input: token });
  expect(zh.code).toBe(1);
  expect(zh.stderr).toContain('anthropic 拒絕了它（遭 anthropic 拒絕（HTTP 401）');
  expect(zh.stderr).toContain('未儲存任何內容');
});

it('an unreachable provider or one silent past the deadline: kept, saying it could not be checked; --no-verify sends nothing', async () => {
  const closed = await refusedUrl();
  const undoClosed = redirectFetch(PROBE_HOSTS.map(([origin]) => [origin, `${closed}/`]));
  try {
    const r = await runInProcess(['models', 'auth', 'login', '--provider', 'openrouter'], { env: live.state.env, input: 'sk-or-v1-offline0123456789abcdef' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/It could not be checked now \(could not connect: the connection was refused\); it was kept\. Check it later with: openclaw models status --probe --provider openrouter/);
    expect((await stored())['openrouter:default']?.key).toBe('sk-or-v1-offline0123456789abcdef');
  } finally {
    undoClosed();
  }
  const started = performance.now();
  const silent = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'slow'], { env: live.state.env, input: fakeSetupToken('silent') });
  expect(silent.code, silent.stderr).toBe(0);
  expect(performance.now() - started).toBeLessThan(25_000);
  expect(silent.stdout).toContain('It could not be checked now (no answer within 5 s)');
  expect((await stored())['anthropic:slow']).toBeDefined();

  const seen = live.standin.seen.length;
  const skipped = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'air', '--no-verify'], { env: live.state.env, input: fakeSetupToken('refused') });
  expect(skipped.code, skipped.stderr).toBe(0);
  expect(live.standin.seen.length).toBe(seen);
  expect(skipped.stdout).not.toMatch(/Checked|could not be checked/);
  expect((await stored())['anthropic:air']).toBeDefined();
}, 60_000);

it('the scripted onboard says what the check found in --json', async () => {
  const r = await runInProcess(['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin', '--json'], { env: live.state.env, input: fakeSetupToken('good') });
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).saved.checked).toEqual({ result: 'ok', bucket: 'ok', reasonCode: 'ok' });
  const off = await runInProcess(['onboard', '--non-interactive', '--auth-choice', 'setup-token', '--token-stdin', '--json', '--no-verify', '--token-profile-id', 'b'], { env: live.state.env, input: fakeSetupToken('good') });
  expect(JSON.parse(off.stdout).saved.checked).toBeNull();
});
