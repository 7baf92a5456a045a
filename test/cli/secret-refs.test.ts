import { chmod, link, mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSecretRef } from '../../src/auth/secrets/resolve.js';
import { redact } from '../../src/base/redact.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { validateStore } from '../../src/store/parse.js';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

/** SPEC 12: env and file references, run through the command line in this process. */

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const KEY = 'sk-proj-envreference0123456789abcdefXYZ';

/** Every file under the state dir, read: a secret kept elsewhere is in none of them. */
async function allFiles(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')));
  return texts.join('\n');
}

describe('env references', () => {
  it('paste-token --ref env:OPENAI_API_KEY stores the reference and no value; token prints the value; status says env OPENAI_API_KEY', async () => {
    const env = { ...state.env, OPENAI_API_KEY: KEY };
    const saved = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', 'env:OPENAI_API_KEY'], { env, input: 'never read' });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('Saved openai:default as a reference to env OPENAI_API_KEY');
    const profile = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default'];
    expect(profile).toEqual({ type: 'api_key', provider: 'openai', keyRef: { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' } });
    expect(await allFiles(state.dir)).not.toContain(KEY);
    expect(saved.stdout + saved.stderr).not.toContain(KEY);

    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env });
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toBe(`${KEY}\n`);

    const status = await runInProcess(['models', 'status'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('secret in env OPENAI_API_KEY (resolves)');
    expect(status.stdout).not.toContain(KEY);
    const why = await runInProcess(['models', 'status', '--provider', 'openai'], { env });
    expect(why.stdout).toContain('secret in env OPENAI_API_KEY (resolves)');
    const json = JSON.parse((await runInProcess(['models', 'status', '--json'], { env })).stdout);
    expect(json.profiles[0].secretRef).toEqual({ source: 'env', provider: 'default', id: 'OPENAI_API_KEY', label: 'env OPENAI_API_KEY', resolves: true });
  });

  it('unset: token exits 1 naming the variable; status says it does not resolve; paste-token refuses to store it', async () => {
    const refused = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', 'env:OPENAI_API_KEY'], { env: state.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the environment variable OPENAI_API_KEY is not set');
    await expect(readFile(storeFileOf(state.dir), 'utf8')).rejects.toThrow();

    await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', 'env:OPENAI_API_KEY'], { env: { ...state.env, OPENAI_API_KEY: KEY } });
    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: state.env });
    expect(token.code).toBe(1);
    expect(token.stdout).toBe('');
    expect(token.stderr).toContain('env OPENAI_API_KEY does not resolve: the environment variable OPENAI_API_KEY is not set');
    const status = await runInProcess(['models', 'status'], { env: state.env });
    expect(status.stdout).toContain('secret in env OPENAI_API_KEY (does not resolve here)');
    // --check: a secret that is not there is "missing" (1); set, all is usable (0).
    expect((await runInProcess(['models', 'status', '--check'], { env: state.env })).code).toBe(1);
    expect((await runInProcess(['models', 'status', '--check'], { env: { ...state.env, OPENAI_API_KEY: KEY } })).code).toBe(0);
  });

  it('an env provider with an allowlist refuses a name not on it', async () => {
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ secrets: { providers: { default: { source: 'env', allowlist: ['ANTHROPIC_API_KEY'] } } } }));
    const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', 'env:OPENAI_API_KEY'], { env: { ...state.env, OPENAI_API_KEY: KEY } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('OPENAI_API_KEY is not in the allowlist of the env provider "default"');
    expect(r.stderr).not.toContain(KEY);
  });

  it('a --ref that is not a reference, or breaks OpenClaw\'s grammar, is a usage error (exit 2), nothing written', async () => {
    for (const ref of ['OPENAI_API_KEY', 'env:openai_key', 'vault:x:y', 'exec:Vault:id', 'exec:vault:a/../b', 'file:main:relative']) {
      const r = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', ref], { env: state.env });
      expect(r.code, ref).toBe(2);
    }
    await expect(readFile(storeFileOf(state.dir), 'utf8')).rejects.toThrow();
  });

  it('a resolved secret is redacted from output as a stored one is, even when it looks like no key', async () => {
    const plain = 'correct horse battery staple';
    const paths = resolveAgentPaths({ OPENCLAW_STATE_DIR: state.dir });
    expect(redact(`failed with ${plain} inside`)).toContain(plain);
    await resolveSecretRef(paths, { source: 'env', provider: 'default', id: 'PLAIN_SECRET' }, { env: { PLAIN_SECRET: plain }, warn: () => undefined });
    expect(redact(`failed with ${plain} inside`)).toBe('failed with [redacted] inside');
  });
});

describe('the wizard keeps a reference through the same code', () => {
  it('createDeps().keepSecretElsewhere with a reference: an api_key profile with keyRef, the value nowhere', async () => {
    const { createDeps } = await import('../../flows/onboard/real-deps.js');
    const deps = createDeps({ ...state.env, OPENAI_API_KEY: KEY }, () => undefined, null);
    const kept = await deps.keepSecretElsewhere({ agent: 'main', provider: 'openai', profileId: 'openai:default', type: 'api_key', home: 'ref', value: 'env:OPENAI_API_KEY' });
    expect(kept.storeFile).toBe(storeFileOf(state.dir));
    expect(JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default']).toEqual({
      type: 'api_key',
      provider: 'openai',
      keyRef: { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' },
    });
    expect(await allFiles(state.dir)).not.toContain(KEY);
    const token = await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: { ...state.env, OPENAI_API_KEY: KEY } });
    expect(token.stdout).toBe(`${KEY}\n`);
    await expect(createDeps(state.env, () => undefined, null).keepSecretElsewhere({ agent: 'main', provider: 'openai', profileId: 'openai:b', type: 'api_key', home: 'ref', value: 'env:UNSET_HERE' })).rejects.toThrow(/UNSET_HERE is not set/);
  });
});

describe('file references', () => {
  const SECRET = 'sk-proj-filereference0123456789abcdefQRS';
  let secretFile: string;

  beforeEach(async () => {
    const dir = join(state.dir, 'secrets');
    await mkdir(dir, { mode: 0o700 });
    secretFile = join(dir, 'secrets.json');
    await writeFile(secretFile, JSON.stringify({ providers: { openai: { apiKey: SECRET }, 'a/b': { '~k': 'sk-escaped-pointer-value' } } }), { mode: 0o600 });
    await writeFile(
      join(state.dir, 'openclaw.json'),
      JSON.stringify({ secrets: { providers: { filemain: { source: 'file', path: secretFile, mode: 'json' }, single: { source: 'file', path: join(dir, 'one'), mode: 'singleValue' } } } }),
    );
    await writeFile(join(dir, 'one'), 'sk-single-value-file-0123456789\n', { mode: 0o600 });
  });

  async function pasteRef(ref: string) {
    return runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', ref], { env: state.env });
  }
  const token = () => runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: state.env });

  it('a JSON pointer into a 0600 file resolves (RFC 6901 escapes too); singleValue reads the whole file', async () => {
    expect((await pasteRef('file:filemain:/providers/openai/apiKey')).code).toBe(0);
    expect((await token()).stdout).toBe(`${SECRET}\n`);
    expect(await allFiles(join(state.dir, 'agents'))).not.toContain(SECRET);
    const status = await runInProcess(['models', 'status'], { env: state.env });
    expect(status.stdout).toContain('secret in file filemain: /providers/openai/apiKey (resolves)');
    expect((await pasteRef('file:filemain:/providers/a~1b/~0k')).code).toBe(0);
    expect((await token()).stdout).toBe('sk-escaped-pointer-value\n');
    expect((await pasteRef('file:single:value')).code).toBe(0);
    expect((await token()).stdout).toBe('sk-single-value-file-0123456789\n');
  });

  it('the file at 0644, a symbolic link, or a second hard link: exit 1 naming the file, the value never printed', async () => {
    expect((await pasteRef('file:filemain:/providers/openai/apiKey')).code).toBe(0);
    const refused = async (why: RegExp) => {
      const r = await token();
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`file filemain: /providers/openai/apiKey does not resolve: ${secretFile}`);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toContain(SECRET);
      const status = await runInProcess(['models', 'status'], { env: state.env });
      expect(status.stdout).toContain('(does not resolve here)');
      expect(status.stdout + status.stderr).not.toContain(SECRET);
    };
    await chmod(secretFile, 0o644);
    await refused(/mode 0644/);
    await chmod(secretFile, 0o600);

    const real = `${secretFile}.real`;
    await rename(secretFile, real);
    await symlink(real, secretFile);
    await refused(/symbolic link/);
    await rename(real, `${secretFile}.tmp`);
    await rename(`${secretFile}.tmp`, secretFile);

    await link(secretFile, `${secretFile}.second`);
    await refused(/2 hard links/);
  });

  it('a pointer to nothing, or a file provider that is not configured, fails naming the reference', async () => {
    const r = await pasteRef('file:filemain:/providers/nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has nothing at that JSON pointer');
    const other = await pasteRef('file:elsewhere:/x');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('names the file provider "elsewhere"');
  });
});

describe('the schema', () => {
  it('a token or key profile holds its secret or a reference; an OAuth profile never holds a reference', () => {
    const ref = { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' };
    const ok = (profiles: Record<string, unknown>) => validateStore({ version: 1, profiles }).ok;
    expect(ok({ 'openai:a': { type: 'token', provider: 'openai', tokenRef: ref } })).toBe(true);
    expect(ok({ 'openai:a': { type: 'api_key', provider: 'openai', keyRef: ref } })).toBe(true);
    expect(ok({ 'openai:a': { type: 'token', provider: 'openai' } })).toBe(false);
    expect(ok({ 'openai:a': { type: 'api_key', provider: 'openai', keyRef: { ...ref, id: 'lower' } } })).toBe(false);
    expect(ok({ 'openai-codex:a': { type: 'oauth', provider: 'openai-codex', access: 'a', refresh: 'r', expires: 1, tokenRef: ref } })).toBe(false);
  });
});
