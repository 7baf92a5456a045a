import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { lacks } from '../support/tools.js';

/**
 * SPEC 12's exec source against a real password store: Debian's `pass` over GnuPG, with a key made for
 * the test (no passphrase) in a GNUPGHOME of its own, and a resolver script speaking protocol v1 that
 * calls `pass show`. `.ci/run` installs pass and gnupg.
 */
const SECRET = 'sk-proj-fromthepasswordstore0123456789ABC';
const missing = ['pass', 'gpg', 'gpgconf'].filter(lacks);

describe.skipIf(missing.length > 0)(`exec references with pass and gnupg${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let home: string;
  let toolEnv: Record<string, string>;
  let state: Awaited<ReturnType<typeof tempState>>;
  let resolver: string;
  let marker: string;

  beforeAll(async () => {
    // Short: gpg-agent's socket path must fit in a sockaddr_un.
    home = await mkdtemp('/tmp/oc-pass-');
    const gnupg = join(home, 'g');
    execFileSync('mkdir', ['-m', '700', gnupg]);
    toolEnv = { GNUPGHOME: gnupg, PASSWORD_STORE_DIR: join(home, 'store'), HOME: home, PATH: process.env.PATH! };
    const run = (command: string, args: string[], input?: string) => execFileSync(command, args, { env: toolEnv, input, stdio: ['pipe', 'pipe', 'pipe'] });
    run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'OpenClaw Test <test@openclaw.invalid>', 'default', 'default', 'never']);
    run('pass', ['init', 'test@openclaw.invalid']);
    run('pass', ['insert', '--multiline', 'openai/api-key'], `${SECRET}\n`);
    expect(run('pass', ['show', 'openai/api-key']).toString()).toBe(`${SECRET}\n`);
    // The resolver: protocol v1 on stdin and stdout; it leaves a marker each time it runs.
    resolver = join(home, 'pass-resolver');
    await writeFile(
      resolver,
      `#!${process.execPath}
const { execFileSync } = require('node:child_process');
require('node:fs').writeFileSync(process.argv[2], 'ran');
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  const request = JSON.parse(input);
  const values = {};
  const errors = {};
  for (const id of request.ids) {
    try { values[id] = execFileSync('pass', ['show', id], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().split('\\n')[0]; }
    catch { errors[id] = { code: 'NOT_FOUND' }; }
  }
  process.stdout.write(JSON.stringify({ protocolVersion: 1, values, errors }));
});
`,
      { mode: 0o700 },
    );
  });

  afterAll(async () => {
    if (!home) return;
    try {
      execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env: toolEnv, stdio: 'ignore' });
    } catch {
      // No agent was started.
    }
    await rm(home, { recursive: true, force: true });
  });

  beforeEach(async () => {
    state = await tempState();
    marker = join(state.dir, 'resolver-ran');
    return () => state.cleanup();
  });

  const env = () => ({ ...state.env, ...toolEnv });
  async function configure(provider: Record<string, unknown>) {
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ secrets: { providers: { pass: { source: 'exec', passEnv: ['PATH', 'HOME', 'GNUPGHOME', 'PASSWORD_STORE_DIR'], ...provider } } } }));
  }
  const plantRef = (id = 'openai/api-key') =>
    plantStore(storeFileOf(state.dir), { profiles: { 'openai:default': { type: 'token', provider: 'openai', tokenRef: { source: 'exec', provider: 'pass', id } } } });
  const ran = () => stat(marker).then(() => true, () => false);
  const token = () => runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: env() });

  it('paste-token --ref exec:pass:openai/api-key stores the reference; token prints the value from pass; status never runs the resolver', async () => {
    await configure({ command: resolver, args: [marker] });
    const saved = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', 'exec:pass:openai/api-key'], { env: env() });
    expect(saved.code, saved.stderr).toBe(0);
    await rm(marker);

    for (const args of [['models', 'status'], ['models', 'status', '--json'], ['models', 'status', '--check']]) {
      const status = await runInProcess(args, { env: env() });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('exec pass: openai/api-key');
      expect(status.stdout).not.toContain(SECRET);
    }
    expect(await ran()).toBe(false);

    const r = await token();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${SECRET}\n`);
    expect(await ran()).toBe(true);
  });

  it('an id the store does not have: exit 1 with NOT_FOUND and the ref id, nothing else the resolver said', async () => {
    await configure({ command: resolver, args: [marker] });
    await plantRef('openai/nothing-here');
    const r = await token();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exec pass: openai/nothing-here does not resolve');
    expect(r.stderr).toContain('NOT_FOUND');
  });

  it('a hung resolver is cut at its timeoutMs, with whatever it started', async () => {
    const hung = join(home, 'hung');
    await writeFile(hung, '#!/bin/sh\nsleep 60\n', { mode: 0o700 });
    await configure({ command: hung, timeoutMs: 1000 });
    await plantRef();
    const started = Date.now();
    const r = await token();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('did not answer within 1000 ms and was stopped');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a resolver writable by group, or a symbolic link to one, is refused before it runs', async () => {
    const loose = join(home, 'loose-resolver');
    await writeFile(loose, (await import('node:fs')).readFileSync(resolver), { mode: 0o700 });
    await chmod(loose, 0o770);
    await configure({ command: loose, args: [marker] });
    await plantRef();
    let r = await token();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is writable by group or others (mode 0770)');
    expect(await ran()).toBe(false);

    const link = join(home, 'linked-resolver');
    await rm(link, { force: true });
    await symlink(resolver, link);
    await configure({ command: link, args: [marker] });
    r = await token();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is a symbolic link');
    expect(await ran()).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('a resolver that prints the secret on stderr (and stdout) and fails shows none of it', async () => {
    const leaky = join(home, 'leaky');
    await writeFile(leaky, `#!/bin/sh\ncat >/dev/null\necho "the key is $(pass show openai/api-key)" >&2\necho "{\\"values\\": \\"$(pass show openai/api-key)\\"" \nexit 3\n`, { mode: 0o700 });
    await configure({ command: leaky });
    await plantRef();
    const r = await token();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed (exit code 3)');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain('fromthepasswordstore');

    // Exit 0 but no protocol answer: not shown either.
    await writeFile(leaky, `#!/bin/sh\ncat >/dev/null\npass show openai/api-key\necho "$(pass show openai/api-key)" >&2\n`, { mode: 0o700 });
    const plain = await token();
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('did not answer in protocol v1');
    expect(plain.stdout + plain.stderr).not.toContain(SECRET);
  });

  it('only passEnv reaches the resolver', async () => {
    const dump = join(home, 'env-dump');
    await writeFile(dump, `#!/bin/sh\ncat >/dev/null\nprintf '{"protocolVersion":1,"values":{"x":"%s"}}' "$(env | cut -d= -f1 | sort | tr '\\n' ' ')"\n`, { mode: 0o700 });
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ secrets: { providers: { pass: { source: 'exec', command: dump, passEnv: ['PATH'], env: { EXTRA: '1' } } } } }));
    await plantRef('x');
    const r = await runInProcess(['models', 'auth', 'token', '--provider', 'openai'], { env: { ...env(), SOMETHING_PRIVATE: 'no' } });
    expect(r.code, r.stderr).toBe(0);
    const names = r.stdout.trim().split(' ').filter((n) => !['PWD', 'SHLVL', '_'].includes(n));
    expect(names.sort()).toEqual(['EXTRA', 'PATH']);
  });
});
