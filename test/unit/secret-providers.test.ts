import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keychainProviderEntry } from '../../src/auth/secrets/keep.js';
import { ownResolver, registerSecretProvider } from '../../src/store/secret-providers.js';

/** SPEC 12: the keychain's exec provider written into openclaw.json, and the resolver file it may name. */
let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'openclaw-providers-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const entry = { source: 'exec', command: '/opt/openclaw/dist/openclaw-keychain.cjs', passEnv: ['PATH'], jsonOnly: true };

describe('registerSecretProvider', () => {
  it('creates the config when there is none (0600), then finds the entry present', async () => {
    const file = join(dir, 'openclaw.json');
    expect(await registerSecretProvider(file, 'openclaw-keychain', entry)).toEqual({ kind: 'added' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ secrets: { providers: { 'openclaw-keychain': entry } } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await registerSecretProvider(file, 'openclaw-keychain', entry)).toEqual({ kind: 'present' });
  });

  it('keeps everything else in a plain JSON config', async () => {
    const file = join(dir, 'openclaw.json');
    await writeFile(file, JSON.stringify({ auth: { order: { openai: ['openai:a'] } }, secrets: { providers: { vault: { source: 'exec', command: '/v' } }, defaults: { env: 'default' } } }));
    expect((await registerSecretProvider(file, 'openclaw-keychain', entry)).kind).toBe('added');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      auth: { order: { openai: ['openai:a'] } },
      secrets: { providers: { vault: { source: 'exec', command: '/v' }, 'openclaw-keychain': entry }, defaults: { env: 'default' } },
    });
  });

  it('does not rewrite a JSON5 config (its comments would be lost): says what to add instead', async () => {
    const file = join(dir, 'openclaw.json');
    const text = '{\n  // my settings\n  auth: {},\n}\n';
    await writeFile(file, text);
    const result = await registerSecretProvider(file, 'openclaw-keychain', entry);
    expect(result).toEqual({ kind: 'manual', json: JSON.stringify({ 'openclaw-keychain': entry }) });
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

describe('ownResolver', () => {
  it('names a resolver of the user that only they can write where it is; copies one group can write into <state>/bin (0700)', async () => {
    const shipped = join(dir, 'openclaw-keychain.cjs');
    await writeFile(shipped, '#!/usr/bin/env node\nconsole.log(1);\n', { mode: 0o755 });
    expect(await ownResolver(shipped, join(dir, 'state'))).toBe(shipped);
    await chmod(shipped, 0o775);
    const copy = await ownResolver(shipped, join(dir, 'state'));
    expect(copy).toBe(join(dir, 'state', 'bin', 'openclaw-keychain.cjs'));
    expect((await stat(copy)).mode & 0o777).toBe(0o700);
    expect(await readFile(copy, 'utf8')).toBe(await readFile(shipped, 'utf8'));
  });

  it("the provider entry: the resolver by path and passEnv on POSIX; node running it on Windows", () => {
    expect(keychainProviderEntry('/r.cjs', 'linux')).toEqual({ source: 'exec', command: '/r.cjs', passEnv: ['PATH', 'HOME', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'], jsonOnly: true });
    expect(keychainProviderEntry('C:\\r.cjs', 'win32')).toMatchObject({ command: process.execPath, args: ['C:\\r.cjs'] });
  });
});
