import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// SPEC 8: a plugin method that asks nothing (`prompts: false`) signs in without a terminal, as the built-in
// device code does; one that asks anyway fails with exit 2 saying so; one that may ask still needs a terminal.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
  const file = join(state.dir, 'quiet.mjs');
  const creds = "({ access: 'q-access', refresh: 'q-refresh', expires: Date.now() + 3600000 })";
  await writeFile(
    file,
    `const rest = { refreshToken: async (c) => c, getApiKey: (c) => c.access };
export const providers = [{ id: 'quiet', label: 'Quiet Co', auth: [
  { kind: 'oauth', id: 'device', label: 'Device code', prompts: false, oauth: { ...rest,
    login: async (cb) => { cb.onAuth({ url: 'https://quiet.test/device', instructions: 'Enter QUIET-1' }); cb.onProgress?.('Waiting'); return ${creds}; } } },
  { kind: 'oauth', id: 'liar', label: 'Says it asks nothing', prompts: false, oauth: { ...rest,
    login: async (cb) => { try { await cb.onPrompt({ message: 'Code?' }); } catch { throw new Error('no answer'); } return ${creds}; } } },
  { kind: 'oauth', id: 'asks', label: 'Asks', oauth: { ...rest, login: async (cb) => ({ ...${creds}, code: await cb.onPrompt({ message: 'Code?' }) }) } },
] }];\n`,
  );
  await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [file] } } }));
});
afterEach(() => state.cleanup());

const login = (method: string) => runInProcess(['models', 'auth', 'login', '--provider', 'quiet', '--method', method, '--no-browser'], { env: state.env });
const stored = async () => JSON.parse(await readFile(storeFileOf(state.dir), 'utf8').catch(() => '{"profiles":{}}')).profiles;

describe('a plugin method without a terminal', () => {
  it('prompts: false: shows its link and code, signs in, records the method', async () => {
    const result = await login('device');
    expect(result.code, result.stderr).toBe(0);
    // Plain lines, no clack frame (a user-level review): the link, its instructions and progress on
    // stderr, where a script that captures stdout still shows them; stdout the outcome.
    expect(result.stderr.split('\n')).toContain('https://quiet.test/device');
    expect(result.stderr).toContain('Enter QUIET-1');
    expect(result.stdout).not.toContain('https://quiet.test/device');
    expect(result.stdout).toMatch(/^Saved to /m);
    expect(result.stdout + result.stderr).not.toMatch(/[│┌└◇◆■▲●◒◐◓◑]|\u001b/);
    expect((await stored())['quiet:default']).toMatchObject({ access: 'q-access', signInMethod: 'device' });
  });

  it('prompts: false but it asks anyway: exit 2 saying so (whatever the method made of it), nothing written', async () => {
    const result = await login('liar');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/asked a question, though its method says it asks none/);
    expect(await stored()).toEqual({});
  });

  it('a method that may ask still needs a terminal: exit 2 before anything runs', async () => {
    const result = await login('asks');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs a terminal/);
    expect(await stored()).toEqual({});
  });

  it('a prompts that is not true or false: the plugin is not loaded', async () => {
    const file = join(state.dir, 'quiet.mjs');
    await writeFile(file, (await readFile(file, 'utf8')).replace("prompts: false, oauth: { ...rest,\n    login: async (cb) => { cb.onAuth", "prompts: 'no', oauth: { ...rest,\n    login: async (cb) => { cb.onAuth"));
    const result = await login('device');
    expect(result.stderr).toMatch(/prompts is not true or false/);
  });
});
