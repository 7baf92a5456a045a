import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { redirectOpenAI } from '../support/redirect-fetch.mjs';

// Security review (issue 17, item 2): a refresh on a full disk sent its request, the server rotated the
// grant, the write failed, and after space was freed the retry was refused as refresh_token_reused: the user
// was logged out. SPEC 4: an answer that rotated the grant is never dropped. On a real 64 KB tmpfs, with the
// test issuer (which refuses a spent refresh token, as OpenAI does). mount needs root (CI runs as root);
// where it is not allowed the tests are skipped, with a note on stderr.

/** A 64 KB tmpfs at a fresh folder, or null (with a note) where mount is not allowed. */
function mountSmallDisk(): string | null {
  const dir = spawnSync('mktemp', ['-d', join(tmpdir(), 'oc-full-disk-XXXXXX')], { encoding: 'utf8' }).stdout.trim();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status === 0) return dir;
  spawnSync('rmdir', [dir]);
  // Not a missing tool but a missing permission (a container without CAP_SYS_ADMIN): skipped even in CI, said.
  process.stderr.write(`note: skipping the full-disk tests: mount -t tmpfs is not allowed here (${mounted.stderr.trim()})\n`);
  return null;
}

const disk = mountSmallDisk();
let issuer: Issuer;
let undo: () => void;
beforeAll(async () => {
  issuer = await startIssuer();
  undo = redirectOpenAI(issuer.url);
});
afterAll(async () => {
  undo();
  await issuer.close();
  if (disk) {
    spawnSync('umount', [disk]);
    spawnSync('rmdir', [disk]);
  }
});

const filler = () => join(disk!, 'filler');
/** Fills the disk until no more than `leave` bytes are free. */
async function fill(leave = 0): Promise<void> {
  const { bavail, bsize } = await statfs(disk!);
  await writeFile(filler(), Buffer.alloc(Math.max(0, bavail * bsize - leave)));
  // What the block count does not say (rounding): the last bytes, until the disk refuses.
  if (leave === 0) for (let more = true; more; ) more = await writeFile(join(disk!, `crumb-${Math.random()}`), Buffer.alloc(512)).then(() => true, () => false);
}
async function unfill(): Promise<void> {
  for (const name of await readdir(disk!)) if (name === 'filler' || name.startsWith('crumb-')) await rm(join(disk!, name));
}

const env = () => ({ OPENCLAW_STATE_DIR: disk! });
const storeFile = () => storeFileOf(disk!);
const tempsLeft = async () => (await readdir(join(disk!, 'agents', 'main', 'agent'))).filter((n) => n.endsWith('.tmp'));

describe.skipIf(disk === null)('a refresh on a full disk (real 64 KB tmpfs)', () => {
  beforeEach(async () => {
    await rm(join(disk!, 'agents'), { recursive: true, force: true });
    await unfill();
  });
  afterEach(unfill);

  it('sends nothing while the space is not there, says so, and refreshes once space is freed: the user stays signed in', async () => {
    const grant = issuer.issueGrant({ expiresIn: -60 });
    await plantStore(storeFile(), { profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', ...grant } } });
    const before = await readFile(storeFile(), 'utf8');
    const requestsBefore = issuer.stats.refreshRequests;
    await fill();

    const full = await runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex'], { env: env() });
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('is full');
    expect(full.stderr).toContain('No refresh was sent, so the saved sign-in is as it was. Free some disk space, then try again.');
    expect(issuer.stats.refreshRequests).toBe(requestsBefore);
    expect(issuer.isCurrentRefresh(grant.refresh)).toBe(true);
    expect(await readFile(storeFile(), 'utf8')).toBe(before);
    expect(await tempsLeft()).toEqual([]);

    await unfill();
    const freed = await runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex'], { env: env() });
    expect(freed.stderr).toBe('');
    expect(freed.code).toBe(0);
    expect(issuer.stats.refreshRequests).toBe(requestsBefore + 1);
    const stored = JSON.parse(await readFile(storeFile(), 'utf8')).profiles['openai-codex:default'];
    expect(issuer.isCurrentRefresh(stored.refresh)).toBe(true);
    expect(freed.stdout.trim()).toBe(stored.access);
    expect(await tempsLeft()).toEqual([]);
  });

  it('with just enough space for the reservation, the refresh goes through and nothing is left behind', async () => {
    const grant = issuer.issueGrant({ expiresIn: -60 });
    await plantStore(storeFile(), { profiles: { 'openai-codex:default': { type: 'oauth', provider: 'openai-codex', ...grant } } });
    await writeFile(join(disk!, 'agents', 'main', 'agent', 'auth.json'), '{}\n', { mode: 0o600 });
    await fill(48 * 1024);
    const result = await runInProcess(['models', 'auth', 'token', '--provider', 'openai-codex'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const stored = JSON.parse(await readFile(storeFile(), 'utf8')).profiles['openai-codex:default'];
    expect(issuer.isCurrentRefresh(stored.refresh)).toBe(true);
    expect(await tempsLeft()).toEqual([]);
  });
});

describe.skipIf(disk === null)('a refresh whose answer outgrows the space set aside (real 64 KB tmpfs)', () => {
  let pluginDir: string;
  beforeEach(async () => {
    await rm(join(disk!, 'agents'), { recursive: true, force: true });
    await unfill();
    pluginDir = await mkdtemp(join(tmpdir(), 'oc-full-disk-plugin-'));
  });
  afterEach(async () => {
    await unfill();
    await rm(pluginDir, { recursive: true, force: true });
  });

  it('says the grant was refreshed and could not be saved, and names the sign-in command', async () => {
    // A plugin whose refresh returns 40 KB of fields (kept in the profile, SPEC 8): more than the margin.
    const plugin = join(pluginDir, 'bulky.mjs');
    await writeFile(
      plugin,
      [
        'const oauth = {',
        "  async login() { throw new Error('not used'); },",
        "  async refreshToken(c) { return { ...c, access: 'bulky-access-2', refresh: 'bulky-refresh-2', expires: Date.now() + 3600000, blob: 'x'.repeat(40000) }; },",
        '  getApiKey(c) { return c.access; },',
        '};',
        "export const providers = [{ id: 'bulky', label: 'Bulky', auth: [{ kind: 'oauth', id: 'oauth', label: 'Bulky sign-in', oauth }] }];",
        '',
      ].join('\n'),
    );
    await writeFile(join(disk!, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [plugin] } } }));
    await plantStore(storeFile(), { profiles: { 'bulky:default': { type: 'oauth', provider: 'bulky', access: 'bulky-access-1', refresh: 'bulky-refresh-1', expires: Date.now() - 60_000, signInMethod: 'oauth' } } });
    await fill(40 * 1024);
    const result = await runInProcess(['models', 'auth', 'token', '--provider', 'bulky'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bulky:default was refreshed, but its new tokens could not be saved \(the disk that holds .* is full\), though space had been set aside for them\. The saved refresh token no longer works: fix that, then sign in again with: openclaw models auth login --provider bulky/);
    expect(result.stdout).toBe('');
    expect(await tempsLeft()).toEqual([]);
  });
});
