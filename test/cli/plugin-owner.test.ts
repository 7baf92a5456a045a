import { chmod, chown, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { otherUser } from '../support/second-user.js';

// Security review (issue 17, items 1 and 3): plugin code is code this process runs with the user's uid. A
// state dir of another user (whose config names their plugin), or a plugin folder another user can write
// into, must be refused before any of that code is imported, in every command form. The "other user" is a
// real second local user (useradd, runuser); the test process plays the victim. Each plugin of theirs
// writes a marker file when imported, so "refused before" is seen, not assumed.
const FIXTURES = join(ROOT, 'test', 'fixtures', 'plugins');
const other = otherUser('the plugin ownership tests');

let work: string;
let marker: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'oc-plugin-owner-'));
  // The other user may pass through (not list or write) our folder, to reach the folders they are given.
  await chmod(work, 0o711);
  marker = join(work, 'ran');
});
afterEach(() => rm(work, { recursive: true, force: true }));

/** A plugin that leaves a marker when its code runs, and offers provider `acme`. */
const evilPlugin = (markerFile: string) =>
  [
    "import { writeFileSync } from 'node:fs';",
    `writeFileSync(${JSON.stringify(markerFile)}, String(process.getuid()));`,
    "export const providers = [{ id: 'acme', label: 'Acme', auth: [{ kind: 'api-key', id: 'oauth', label: 'Acme key' }] }];",
    '',
  ].join('\n');
/** A folder in `work` made for the other user: theirs, and only they write in it. */
async function theirFolder(path: string): Promise<void> {
  await mkdir(path, { mode: 0o755 });
  await chown(path, other!.uid, other!.gid);
}
const ran = () => stat(marker).then(() => true, () => false);

describe.skipIf(other === null)('a state dir of another user whose config names their plugin (item 1)', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = join(work, 'theirs');
    await theirFolder(stateDir);
    // Made by the other user, as they would: their folder, their config, their plugin (a fresh name each time,
    // so that no earlier import is cached).
    const plugin = `evil-${Math.random().toString(36).slice(2)}.mjs`;
    other!.run('umask 022; printf "%s" "$2" > "$1/openclaw.json" && printf "%s" "$3" > "$1/$4"', stateDir, JSON.stringify({ plugins: { load: { paths: [plugin] } } }), evilPlugin(marker), plugin);
  });

  const forms = [
    ['models', 'auth', 'providers'],
    ['models', 'auth', 'providers', '--json'],
    ['models', 'auth', 'login', '--provider', 'acme'],
    ['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code'],
    ['onboard', '--agent', 'main'],
    ['onboard'],
    ['onboard', '--auth-choice', 'acme:oauth'],
    ['onboard', '--non-interactive', '--auth-choice', 'acme:oauth'],
    ['models', 'status', '--provider', 'acme'],
    ['models', 'auth', 'token', '--provider', 'acme'],
  ];
  for (const args of forms) {
    it(`${args.join(' ')}: refused (exit 1, naming the state dir) before their plugin runs`, async () => {
      const result = await runInProcess(args, { env: { OPENCLAW_STATE_DIR: stateDir }, input: 'acme_key_0123456789\n' });
      expect(result.stderr).toContain(stateDir);
      expect(result.stderr).toMatch(/belongs to another user/);
      expect(result.code).toBe(1);
      expect(await ran()).toBe(false);
    });
  }
});

describe('plugin files and folders (item 3)', () => {
  let state: Awaited<ReturnType<typeof tempState>>;
  let folder: string;
  beforeEach(async () => {
    state = await tempState();
    folder = join(work, 'plugins');
    await mkdir(folder);
    await copyFile(join(FIXTURES, 'acme.mjs'), join(folder, 'acme.mjs'));
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [folder] } } }));
  });
  afterEach(() => state.cleanup());
  const providers = async () => {
    const result = await runInProcess(['models', 'auth', 'providers', '--json'], { env: state.env });
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { providers: { id: string }[]; errors: { file: string; reason: string }[]; skipped: { file: string; reason: string }[] };
    return { ...result, ids: listed.providers.map((p) => p.id), errors: listed.errors, skipped: listed.skipped };
  };

  it.skipIf(other === null)('a 0777 folder of ours: what another user dropped there is not run; the folder is tightened, with a warning', async () => {
    await chmod(folder, 0o777);
    const dropped = join(folder, 'zz-dropped.mjs');
    other!.run('printf "%s" "$1" > "$2"', evilPlugin(marker), dropped);
    const result = await providers();
    expect(await ran()).toBe(false);
    expect(result.errors).toEqual([{ file: dropped, reason: expect.stringMatching(/belongs to another user \(uid \d+\)/) }]);
    // acme (ours) is loaded, after its folder lost the write bits of group and others.
    expect(result.ids).toContain('acme');
    expect((await stat(folder)).mode & 0o777).toBe(0o755);
    expect(result.stderr).toContain(`${folder} had mode 0777 (writable by others); tightened to 0755.`);
  });

  it.skipIf(other === null)('a plugin of ours in a folder of another user is not run', async () => {
    const theirs = join(work, 'their-plugins');
    await theirFolder(theirs);
    const file = join(theirs, 'mine.mjs');
    await writeFile(file, evilPlugin(marker));
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [file] } } }));
    const result = await providers();
    expect(await ran()).toBe(false);
    expect(result.errors).toEqual([{ file, reason: expect.stringContaining(`Refusing to use ${theirs}: it belongs to another user`) }]);
  });

  it('a hidden file in a plugin folder is named as skipped, not as a failure, and not run; doctor tells it and exits 0', async () => {
    await writeFile(join(folder, '.hidden.mjs'), evilPlugin(marker));
    const result = await providers();
    expect(await ran()).toBe(false);
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([{ file: join(folder, '.hidden.mjs'), reason: 'a hidden file; hidden files in a plugin folder are not loaded' }]);
    expect(result.ids).toContain('acme');
    const text = await runInProcess(['models', 'auth', 'providers'], { env: state.env });
    expect(text.stdout).not.toContain('Plugins that failed to load');
    expect(text.stdout).toContain(`Skipped in plugin folders (1):\n  ${join(folder, '.hidden.mjs')}: a hidden file`);
    const used = await runInProcess(['models', 'auth', 'login', '--provider', 'nope'], { env: state.env });
    expect(used.stderr).toContain(`plugin folder: skipped ${join(folder, '.hidden.mjs')}: a hidden file`);
    expect(used.stderr).not.toContain('was not loaded');
    const doctor = await runInProcess(['doctor'], { env: state.env });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toContain(`skipped ${join(folder, '.hidden.mjs')}`);
    const json = JSON.parse((await runInProcess(['doctor', '--json'], { env: state.env })).stdout);
    expect(json).toMatchObject({ ok: true, problems: [], notices: [{ check: 'plugin', message: expect.stringContaining('.hidden.mjs') }] });
    const zh = await runInProcess(['doctor'], { env: { ...state.env, OPENCLAW_LANG: 'zh-Hant' } });
    expect(zh.stdout).toContain('外掛資料夾：略過');
  });

  it('doctor without --fix neither tightens nor runs a plugin folder others may write: it names it; --fix tightens it', async () => {
    await writeFile(join(folder, 'marker.mjs'), evilPlugin(marker));
    await chmod(folder, 0o777);
    const looked = await runInProcess(['doctor', '--json'], { env: state.env });
    expect(looked.code).toBe(1);
    expect((await stat(folder)).mode & 0o777).toBe(0o777);
    expect(await ran()).toBe(false);
    expect(JSON.parse(looked.stdout).problems).toContainEqual(expect.objectContaining({ check: 'plugin', message: expect.stringContaining('others can write it (mode 0777)') }));
    await runInProcess(['doctor', '--fix'], { env: state.env });
    expect((await stat(folder)).mode & 0o777).toBe(0o755);
  });

  it('a plugin file of ours writable by others is tightened before it is run, with a warning', async () => {
    await chmod(join(folder, 'acme.mjs'), 0o666);
    const result = await providers();
    expect(result.ids).toContain('acme');
    expect((await stat(join(folder, 'acme.mjs'))).mode & 0o777).toBe(0o644);
    expect(result.stderr).toContain(`${join(folder, 'acme.mjs')} had mode 0666 (writable by others); tightened to 0644.`);
  });

  it('a config of ours writable by others is tightened before it is read', async () => {
    await chmod(join(state.dir, 'openclaw.json'), 0o666);
    const result = await providers();
    expect((await stat(join(state.dir, 'openclaw.json'))).mode & 0o777).toBe(0o644);
    expect(result.stderr).toContain('openclaw.json had mode 0666');
    expect(result.ids).toContain('acme');
    expect(await readFile(join(state.dir, 'openclaw.json'), 'utf8')).toContain(folder);
  });
});
