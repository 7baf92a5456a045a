import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSetupToken, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess as runCli } from '../support/context.js';

// SPEC 2 ownership: files of another local user are refused before anything is read from them. Making a file
// belong to someone else needs root (CI runs as root); uid 65534 is "nobody".
const isRoot = process.getuid?.() === 0;
const OTHER = 65534;

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
});
afterEach(() => state.cleanup());

const storeFile = () => storeFileOf(state.dir);
const agentDir = () => dirname(storeFile());
const theirStore = { version: 1, profiles: { 'anthropic:theirs': { type: 'token', provider: 'anthropic', token: fakeSetupToken('t') } } };
const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

async function plant(dirMode: number, fileMode: number): Promise<void> {
  await mkdir(agentDir(), { recursive: true, mode: 0o700 });
  await writeFile(storeFile(), JSON.stringify(theirStore));
  await chmod(storeFile(), fileMode);
  await chmod(agentDir(), dirMode);
}

describe.skipIf(!isRoot)('files of another user (needs root to chown; CI runs as root)', () => {
  it("an agent dir of another user, 0777, with their 0644 store: refused, nothing read or merged", async () => {
    await plant(0o777, 0o644);
    await chown(agentDir(), OTHER, OTHER);
    await chown(storeFile(), OTHER, OTHER);
    for (const args of [['models', 'status'], ['models', 'auth', 'paste-token', '--provider', 'anthropic']]) {
      const result = await runCli(args, { env: state.env, input: `${fakeSetupToken('mine')}\n` });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(agentDir());
      expect(result.stderr).toMatch(/another user/);
      expect(result.stdout).not.toContain('anthropic:theirs');
    }
    expect(JSON.parse(await readFile(storeFile(), 'utf8'))).toEqual(theirStore);
    expect(await modeOf(agentDir())).toBe(0o777);
  });

  it('a store file of another user in our own directory: refused, naming the file', async () => {
    await plant(0o700, 0o644);
    await chown(storeFile(), OTHER, OTHER);
    const result = await runCli(['models', 'status', '--json'], { env: state.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(storeFile());
    expect(result.stdout).toBe('');
  });

  it('a state dir of another user: refused', async () => {
    await plant(0o700, 0o600);
    await chown(state.dir, OTHER, OTHER);
    const result = await runCli(['models', 'status'], { env: state.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(state.dir);
  });

  it('agents add in a state dir of another user: refused, nothing created', async () => {
    await chmod(state.dir, 0o777);
    await chown(state.dir, OTHER, OTHER);
    const result = await runCli(['agents', 'add', 'work'], { env: state.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(state.dir);
    await expect(stat(join(state.dir, 'agents'))).rejects.toThrow(/ENOENT/);
  });

  it('a legacy credentials file of another user: refused', async () => {
    const legacy = join(state.dir, 'credentials', 'oauth.json');
    await mkdir(dirname(legacy), { recursive: true, mode: 0o700 });
    await writeFile(legacy, JSON.stringify({ 'openai-codex': { access: 'a'.repeat(20), refresh: 'r'.repeat(20), expires: 1 } }));
    await chown(legacy, OTHER, OTHER);
    const result = await runCli(['models', 'status', '--json'], { env: state.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(legacy);
    expect(result.stdout).not.toContain('openai-codex');
  });
});

describe('loose directories of our own', () => {
  it('an agent dir writable by others is tightened to 0700, with a warning', async () => {
    await plant(0o777, 0o600);
    const result = await runCli(['models', 'status'], { env: state.env });
    expect(result.code).toBe(0);
    expect(await modeOf(agentDir())).toBe(0o700);
    expect(result.stderr).toContain(agentDir());
  });
});
