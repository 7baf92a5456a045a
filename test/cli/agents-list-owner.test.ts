import { chmod, chown, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeps } from '../../flows/onboard/real-deps.js';
import { ForeignFileError } from '../../src/store/errors.js';
import { storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// SPEC 2 for the agent listing (`agents list` and the wizard's agent screen, through one function): a loose
// store or folder is tightened and the user told, each once; a state dir or agents dir of another user is
// refused (exit 1, naming it) before it is listed.
const isRoot = process.getuid?.() === 0;
const OTHER = 65534;

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const store = { version: 1, profiles: { 'openai:default': { type: 'api_key', provider: 'openai', key: 'sk-0123456789abcdef' } } };
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const agentDirOf = (agent: string) => dirname(storeFileOf(state.dir, agent));
const legacyFile = () => join(state.dir, 'credentials', 'oauth.json');

/** main with a 0644 store; work and spare without one, work's folder 0777; the state dir 0777; a 0644 legacy file. */
async function plantLoose(): Promise<void> {
  for (const agent of ['main', 'work', 'spare']) await mkdir(agentDirOf(agent), { recursive: true, mode: 0o700 });
  await writeFile(storeFileOf(state.dir, 'main'), JSON.stringify(store), { mode: 0o644 });
  await chmod(storeFileOf(state.dir, 'main'), 0o644);
  await chmod(agentDirOf('work'), 0o777);
  await mkdir(dirname(legacyFile()), { mode: 0o700 });
  await writeFile(legacyFile(), JSON.stringify({ 'openai-codex': { access: 'a'.repeat(20), refresh: 'r'.repeat(20), expires: 1 } }));
  await chmod(legacyFile(), 0o644);
  await chmod(state.dir, 0o777);
}

function expectEachOnce(lines: string[]): void {
  const has = (text: string) => lines.filter((line) => line.includes(text));
  expect(has(`${storeFileOf(state.dir, 'main')} had mode 0644`)).toHaveLength(1);
  expect(has(`${agentDirOf('work')} had mode 0777`)).toHaveLength(1);
  expect(has(`${state.dir} had mode 0777`)).toHaveLength(1);
  // SPEC 2.3: only the default agent imports the legacy file, and main has its store already: work and
  // spare no longer read it (they used to, each a second holder of its grant).
  expect(has(`${legacyFile()} is readable by others`)).toHaveLength(0);
  expect(new Set(lines).size).toBe(lines.length);
}

describe('a loose store or folder found while listing agents: tightened, and the user told once', () => {
  it('agents list warns on stderr, each warning once; the listing itself is unchanged', async () => {
    await plantLoose();
    const result = await runInProcess(['agents', 'list'], { env: state.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^main +1 profile /m);
    expectEachOnce(result.stderr.split('\n').filter(Boolean));
    expect(await modeOf(storeFileOf(state.dir, 'main'))).toBe(0o600);
    expect(await modeOf(agentDirOf('work'))).toBe(0o700);
    expect(await modeOf(state.dir)).toBe(0o700);
  });

  it('agents list --json: the warnings go to stderr, stdout stays JSON', async () => {
    await plantLoose();
    const result = await runInProcess(['agents', 'list', '--json'], { env: state.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
    expectEachOnce(result.stderr.split('\n').filter(Boolean));
  });

  it("the wizard's listing warns through the wizard's warn (shown after its last frame)", async () => {
    await plantLoose();
    const warnings: string[] = [];
    const agents = await createDeps(state.env, (line) => warnings.push(line), null).listAgents();
    expect(agents.map((agent) => agent.id)).toEqual(['main', 'spare', 'work']);
    expectEachOnce(warnings.map((line) => `openclaw: ${line}`));
  });
});

describe.skipIf(!isRoot)('a state dir or agents dir of another user (needs root to chown)', () => {
  const refusal = (path: string) => `Refusing to use ${path}: it belongs to another user (uid ${OTHER}). Nothing was read from it or written to it.`;

  it('agents list (and --json): exit 1 with the message models status gives, nothing listed', async () => {
    await mkdir(agentDirOf('work'), { recursive: true, mode: 0o700 });
    await writeFile(storeFileOf(state.dir, 'work'), JSON.stringify(store), { mode: 0o600 });
    await chown(state.dir, OTHER, OTHER);
    const status = await runInProcess(['models', 'status'], { env: state.env });
    expect(status.stderr).toContain(refusal(state.dir));
    for (const args of [['agents', 'list'], ['agents', 'list', '--json'], ['agents', 'list', '--agent', 'work']]) {
      const result = await runInProcess(args, { env: state.env });
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(refusal(state.dir));
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('an agents dir of another user: refused the same way, naming it', async () => {
    await mkdir(agentDirOf('work'), { recursive: true, mode: 0o700 });
    await chown(join(state.dir, 'agents'), OTHER, OTHER);
    const result = await runInProcess(['agents', 'list'], { env: state.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(refusal(join(state.dir, 'agents')));
    expect(result.stdout).toBe('');
  });

  it("the wizard's listing is refused with that error (the wizard ends with it on start), not a list of unreadable agents", async () => {
    await mkdir(agentDirOf('main'), { recursive: true, mode: 0o700 });
    await chown(state.dir, OTHER, OTHER);
    const error = await createDeps(state.env, () => undefined, null).listAgents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForeignFileError);
    expect((error as Error).message).toBe(refusal(state.dir));
  });
});
