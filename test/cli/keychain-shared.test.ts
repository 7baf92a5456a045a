import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keepInKeychain, stateKey } from '../../src/auth/secrets/keep.js';
import { keychainId } from '../../src/model/secret-ref.js';
import { systemKeychain } from '../../src/auth/secrets/keychain/index.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { fakeSetupToken, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { missingKeyringTools, startKeyring, type Keyring } from '../support/keyring.js';

/**
 * Issues 18 and 20 together: `agents add --copy-auth-from` copies a token profile as it is, so a keychain
 * reference (SPEC 12) ends up named by two agents. A logout or a later paste on one of them must not take
 * the secret from the other (SPEC 11: never the only copy of a secret): the item goes only when no agent
 * of the state dir names it any more. GNOME Keyring on a private D-Bus session, as in keychain.test.ts.
 */
const TOKEN = 'sk-proj-sharedkeychainitem0123456789abcdefGHI';
/** The item of main's openai:default: its id holds the state dir's key (set for each test's state dir). */
let ITEM = '';
const itemOf = async (agent: string, profile: string) => keychainId(await stateKey(state.dir), agent, profile);
const missing = missingKeyringTools();

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
  ITEM = await itemOf('main', 'openai:default');
  return () => state.cleanup();
});

describe.skipIf(missing.length > 0)(`a keychain item named by two agents${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let keyring: Keyring;
  beforeAll(async () => (keyring = await startKeyring()));
  afterAll(() => keyring?.stop());
  const env = (extra: Record<string, string> = {}) => ({ ...state.env, ...keyring.env, ...extra });
  const run = (args: string[], input?: string, extra?: Record<string, string>) => runInProcess(args, { env: env(extra), ...(input === undefined ? {} : { input }) });
  const lookup = (id = ITEM) => keyring.secretTool(['lookup', 'service', 'openclaw', 'account', id]);
  const tokenOf = (agent: string) => run(['models', 'auth', 'token', '--provider', 'openai', '--agent', agent]);

  /** main keeps its token in the keychain; work is made from main. */
  async function shared(): Promise<void> {
    const saved = await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain', '--no-verify'], TOKEN);
    expect(saved.code, saved.stderr).toBe(0);
    const added = await run(['agents', 'add', 'work', '--copy-auth-from', 'main']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`openai:default keeps its secret in the keychain item ${ITEM}; agent work now uses it too, and it stays while any agent does.`);
    const work = JSON.parse(await readFile(storeFileOf(state.dir, 'work'), 'utf8')).profiles['openai:default'];
    expect(work.keyRef).toEqual({ source: 'exec', provider: 'openclaw-keychain', id: ITEM });
    expect((await tokenOf('work')).stdout).toBe(`${TOKEN}\n`);
  }

  it('logout on the copy keeps the item (main still uses it) and says so; logout on main then removes it', async () => {
    await shared();
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai', '--agent', 'work']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`Kept the keychain item of ${ITEM}: agent main still uses it.`);
    expect(out.stdout).not.toContain('Removed the keychain item');
    expect(lookup()).toEqual({ status: 0, stdout: TOKEN });
    expect((await tokenOf('main')).stdout).toBe(`${TOKEN}\n`);

    const last = await run(['models', 'auth', 'logout', '--provider', 'openai']);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain(`Removed the keychain item of ${ITEM}.`);
    expect(lookup()).toEqual({ status: 1, stdout: '' });
  });

  it('logout on main keeps the item while work uses it: work goes on with its secret', async () => {
    await shared();
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`Kept the keychain item of ${ITEM}: agent work still uses it.`);
    expect((await tokenOf('work')).stdout).toBe(`${TOKEN}\n`);
    expect((await run(['models', 'auth', 'logout', '--provider', 'openai', '--agent', 'work'])).stdout).toContain(`Removed the keychain item of ${ITEM}.`);
    expect(lookup().status).toBe(1);
  });

  it('a later paste on work, to the file or to the keychain, leaves main its item', async () => {
    await shared();
    const file = await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--agent', 'work', '--no-verify'], `${TOKEN}2`);
    expect(file.code, file.stderr).toBe(0);
    expect(file.stdout).toContain(`Kept the keychain item of ${ITEM}: agent main still uses it.`);
    expect((await tokenOf('main')).stdout).toBe(`${TOKEN}\n`);
    expect((await tokenOf('work')).stdout).toBe(`${TOKEN}2\n`);

    // Back to main's reference by a copy into a third agent, then that one moves to a keychain item of its own.
    expect((await run(['agents', 'add', 'lab', '--copy-auth-from', 'main'])).code).toBe(0);
    const kept = await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--agent', 'lab', '--store', 'keychain', '--no-verify'], `${TOKEN}3`);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain(`Kept the keychain item of ${ITEM}: agent main still uses it.`);
    expect(lookup()).toEqual({ status: 0, stdout: TOKEN });
    expect(lookup(await itemOf('lab', 'openai:default'))).toEqual({ status: 0, stdout: `${TOKEN}3` });
    expect((await tokenOf('main')).stdout).toBe(`${TOKEN}\n`);
  });

  it('a paste on main into the file removes the item once work no longer names it, not before', async () => {
    await shared();
    const first = await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--no-verify'], `${TOKEN}4`);
    expect(first.stdout).toContain(`Kept the keychain item of ${ITEM}: agent work still uses it.`);
    expect((await tokenOf('work')).stdout).toBe(`${TOKEN}\n`);
    const second = await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--agent', 'work', '--no-verify'], `${TOKEN}5`);
    expect(second.stdout).toContain(`Removed the keychain item of ${ITEM}.`);
    expect(lookup().status).toBe(1);
  });

  it('a new paste on main into the keychain says that work, which names the same item, gets it too', async () => {
    await shared();
    const again = await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain', '--no-verify'], `${TOKEN}6`);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Agent work uses the keychain item ${ITEM} too: it gets this secret as well.`);
    expect((await tokenOf('work')).stdout).toBe(`${TOKEN}6\n`);
  });

  it('a keychain paste that fails after the item was written puts the item back as it was, for every agent naming it', async () => {
    await shared();
    // main's store turns unreadable between the item's write and the profile's (the wizard does not read it first).
    await writeFile(storeFileOf(state.dir), '{"version": 1, "profiles": ', { mode: 0o600 });
    const paths = resolveAgentPaths(env());
    const deps = { env: env(), warn: () => undefined, now: Date.now };
    const entry = { id: 'openai:default', provider: 'openai', type: 'token' as const, expires: undefined, secret: `${TOKEN}7` };
    await expect(keepInKeychain(paths, systemKeychain(env()), entry, deps, 'openclaw models auth paste-token')).rejects.toThrow();
    expect(lookup()).toEqual({ status: 0, stdout: TOKEN });
    expect((await tokenOf('work')).stdout).toBe(`${TOKEN}\n`);
  });

  it('an agent whose store cannot be read might name the item: it is left, with a warning that says why and how to remove it', async () => {
    await shared();
    await writeFile(storeFileOf(state.dir, 'work'), '{"version": 1, "profiles": ', { mode: 0o600 });
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(`The keychain item of ${ITEM} was not removed (the store of agent work could not be read, and it may still use the item); remove it later with: secret-tool clear service openclaw account ${ITEM}`);
    expect(lookup()).toEqual({ status: 0, stdout: TOKEN });
  });

  it('every way of putting a secret into the file over a keychain profile removes the item nothing else names: login, setup-token, the wizard', async () => {
    const keep = (provider: string, secret: string) => run(['models', 'auth', 'paste-token', '--provider', provider, '--store', 'keychain', '--no-verify'], secret);
    expect((await keep('openai', TOKEN)).code).toBe(0);
    const login = await run(['models', 'auth', 'login', '--provider', 'openai', '--method', 'api-key', '--no-verify'], `${TOKEN}8`);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Removed the keychain item of ${ITEM}.`);
    expect(lookup().status).toBe(1);

    expect((await keep('anthropic', fakeSetupToken('kc'))).code).toBe(0);
    const setup = await run(['models', 'auth', 'setup-token', '--no-verify'], fakeSetupToken('file'));
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain(`Removed the keychain item of ${await itemOf('main', 'anthropic:default')}.`);
    expect(lookup(await itemOf('main', 'anthropic:default')).status).toBe(1);

    // The wizard, on a copy: work's file paste leaves main's item, which main still names.
    expect((await keep('openai', TOKEN)).code).toBe(0);
    expect((await run(['agents', 'add', 'work', '--copy-auth-from', 'main'])).code).toBe(0);
    const { createDeps } = await import('../../flows/onboard/real-deps.js');
    const told: string[] = [];
    const deps = createDeps({ ...env(), PATH: process.env.PATH }, (line) => told.push(line), null);
    await deps.saveApiKey('work', 'openai', 'openai:default', `${TOKEN}9`, false);
    expect(told).toContain(`Kept the keychain item of ${ITEM}: agent main still uses it.`);
    expect(lookup()).toEqual({ status: 0, stdout: TOKEN });
    expect((await keep('anthropic', fakeSetupToken('kc2'))).code).toBe(0);
    await deps.saveSetupToken('main', 'anthropic:default', fakeSetupToken('wiz'), false);
    expect(told).toContain(`Removed the keychain item of ${await itemOf('main', 'anthropic:default')}.`);
    expect(lookup(await itemOf('main', 'anthropic:default')).status).toBe(1);
  });

  it('looking at the other agents\' stores tells of one it found loose and tightened (SPEC 2), as reading it anywhere does', async () => {
    await shared();
    await chmod(storeFileOf(state.dir, 'work'), 0o644);
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(storeFileOf(state.dir, 'work'));
    expect((await stat(storeFileOf(state.dir, 'work'))).mode & 0o777).toBe(0o600);
    expect(out.stdout).toContain(`Kept the keychain item of ${ITEM}: agent work still uses it.`);
  });

  it('doctor sees no problem in a keychain reference shared by two agents (a reference, not a rotating grant)', async () => {
    await shared();
    const doctor = await run(['doctor']);
    expect(doctor.stdout + doctor.stderr).not.toContain(ITEM);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('zh-Hant says it kept the item, and for whom', async () => {
    await shared();
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai', '--agent', 'work'], undefined, { OPENCLAW_LANG: 'zh-Hant' });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(ITEM);
    expect(out.stdout).toContain('main');
    expect(out.stdout).toContain('保留');
    expect(lookup().status).toBe(0);
  });
});

describe('env and file references copied by --copy-auth-from', () => {
  it('are references: both agents resolve them, a logout on one leaves the other, doctor is clean', async () => {
    const secretFile = join(state.dir, 'secrets.json');
    await writeFile(secretFile, JSON.stringify({ providers: { openai: { apiKey: `${TOKEN}-file` } } }), { mode: 0o600 });
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ secrets: { providers: { filemain: { source: 'file', path: secretFile, mode: 'json' } } } }), { mode: 0o600 });
    const env = { ...state.env, OPENAI_API_KEY: TOKEN };
    const run = (args: string[]) => runInProcess(args, { env });
    const token = async (agent: string, profile: string) => (await run(['models', 'auth', 'token', '--provider', 'openai', '--agent', agent, '--profile-id', profile])).stdout;
    expect((await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', 'env:OPENAI_API_KEY'])).code).toBe(0);
    expect((await run(['models', 'auth', 'paste-token', '--provider', 'openai', '--profile-id', 'filed', '--ref', 'file:filemain:/providers/openai/apiKey'])).code).toBe(0);
    expect((await run(['agents', 'add', 'work', '--copy-auth-from', 'main'])).code).toBe(0);
    const work = JSON.parse(await readFile(storeFileOf(state.dir, 'work'), 'utf8')).profiles;
    expect(work['openai:default'].keyRef).toEqual({ source: 'env', provider: 'default', id: 'OPENAI_API_KEY' });
    expect(work['openai:filed'].keyRef).toEqual({ source: 'file', provider: 'filemain', id: '/providers/openai/apiKey' });
    expect(await token('work', 'default')).toBe(`${TOKEN}\n`);
    expect(await token('work', 'filed')).toBe(`${TOKEN}-file\n`);
    const status = await run(['models', 'status', '--agent', 'work']);
    expect(status.stdout).toContain('env OPENAI_API_KEY');
    expect(status.stdout).toContain('file filemain: /providers/openai/apiKey');
    expect(status.stdout).not.toContain(TOKEN);
    const doctor = await run(['doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    const out = await run(['models', 'auth', 'logout', '--provider', 'openai', '--agent', 'work', '--all']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toContain('keychain');
    expect(await token('main', 'default')).toBe(`${TOKEN}\n`);
    expect(await token('main', 'filed')).toBe(`${TOKEN}-file\n`);
  });
});

describe('how status and channels list read for an agent with a copied keychain reference and a linked sign-in', () => {
  const keychainRef = (id: string) => ({ type: 'token', provider: 'openai', tokenRef: { source: 'exec', provider: 'openclaw-keychain', id } });
  const grant = { type: 'oauth', provider: 'openai-codex', access: 'eyJ.main-access.sig', refresh: 'rt_main_0123456789', expires: Date.now() + 3_600_000, accountId: 'acct_1' };
  beforeEach(async () => {
    await plantStore(storeFileOf(state.dir, 'main'), { profiles: { 'openai:default': keychainRef(ITEM), 'openai-codex:default': grant } });
    await plantStore(storeFileOf(state.dir, 'work'), { profiles: { 'openai:default': keychainRef(ITEM), 'openai:own': keychainRef('work/openai:own') }, links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } });
  });
  const run = (args: string[], lang = 'en') => runInProcess(args, { env: { ...state.env, OPENCLAW_LANG: lang } });

  it('models status names the item when it is another agent\'s, and says keychain in the language of the run', async () => {
    const work = await run(['models', 'status', '--agent', 'work']);
    expect(work.code, work.stderr).toBe(0);
    expect(work.stdout).toContain(`secret in keychain (item ${ITEM})`);
    expect(work.stdout).toMatch(/openai:own .*\n.*\n\s+secret in keychain\n/);
    expect(work.stdout).toContain('inherited from agent main');
    expect((await run(['models', 'status'])).stdout).not.toContain('(item');
    const zh = await run(['models', 'status', '--agent', 'work'], 'zh-Hant');
    expect(zh.stdout).toContain(`金鑰在鑰匙圈（項目 ${ITEM}）`);
    expect(zh.stdout).not.toMatch(/金鑰在 ?keychain/);
    // --json is never translated: the label stays as SPEC 12 has it.
    const json = JSON.parse((await run(['models', 'status', '--agent', 'work', '--json'], 'zh-Hant')).stdout);
    expect(json.profiles.find((p: { id: string }) => p.id === 'openai:default').secretRef).toMatchObject({ source: 'keychain', label: 'keychain', id: ITEM });
  });

  it('channels list lines up its columns and says whose sign-in a linked profile is', async () => {
    const out = await run(['channels', 'list', '--agent', 'work']);
    expect(out.code, out.stderr).toBe(0);
    const rows = out.stdout.split('\n').filter((line) => line.startsWith('  '));
    expect(rows).toEqual(['  openai-codex:default  oauth  inherited from agent main', '  openai:default        token', '  openai:own            token']);
    const zh = await run(['channels', 'list', '--agent', 'work'], 'zh-Hant');
    expect(zh.stdout).toContain('繼承自代理程式 main');
  });
});
