import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';
import { looksDuring } from '../support/fs-looks.js';

// Issue 23: what `models status` asks of the file system. Each look at a folder or file costs little, but
// `models status` examined the state dir, the agents dir, the agent's folders and its files twice (once
// when it resolved the agent, again when it read the store), and listed the agents dir with Node's
// directory entries (~0.3 ms to set up in a process); the agents are still only the folders there.
let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => {
  state = await tempState();
  const grant = { type: 'oauth', provider: 'openai-codex', access: 'eyJ.a.b', refresh: 'shared-refresh', expires: Date.now() + 3600_000 };
  await plantStore(storeFileOf(state.dir), { profiles: { 'openai-codex:default': grant, 'openai:work': { type: 'api_key', provider: 'openai', key: 'sk-test' } } });
  // Agent work links main's grant (SPEC 11); agent old holds a copy of it, as older versions left.
  await plantStore(storeFileOf(state.dir, 'work'), { profiles: {}, links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } });
  await plantStore(storeFileOf(state.dir, 'old'), { profiles: { 'openai-codex:default': grant } });
  // Not agents: a file, and a link to a folder.
  await writeFile(join(state.dir, 'agents', 'notes.txt'), 'not an agent\n');
  await mkdir(join(state.dir, 'elsewhere', 'agent'), { recursive: true, mode: 0o700 });
  await symlink(join(state.dir, 'elsewhere'), join(state.dir, 'agents', 'linked'));
});
afterEach(() => state.cleanup());

describe('models status and the file system', () => {
  it('examines each folder once, and the store no more than its lstat (a link?) and stat (loose?)', async () => {
    let result: Awaited<ReturnType<typeof runInProcess>> | undefined;
    const looks = await looksDuring(async () => (result = await runInProcess(['models', 'status'], { env: state.env })));
    expect(result!.code).toBe(0);
    // SPEC 11: the copy in agent old is still found.
    expect(result!.stderr).toMatch(/old/);
    const agentDir = join(state.dir, 'agents', 'main', 'agent');
    for (const dir of [state.dir, join(state.dir, 'agents'), join(state.dir, 'agents', 'main'), agentDir]) expect(looks.get(dir), dir).toBe(1);
    expect(looks.get(join(agentDir, 'auth.json'))).toBe(1);
    expect(looks.get(storeFileOf(state.dir))).toBe(2);
    // The other agents' stores: one look each before they are read.
    expect(looks.get(storeFileOf(state.dir, 'old'))).toBe(1);
  });

  it('what a command found holds for that command only: the next status looks again', async () => {
    const first = await looksDuring(() => runInProcess(['models', 'status'], { env: state.env }));
    const second = await looksDuring(() => runInProcess(['models', 'status'], { env: state.env }));
    expect(second.get(state.dir)).toBe(first.get(state.dir));
  });

  it('--agent is found with one look at its folder, not a listing of the agents', async () => {
    let result: Awaited<ReturnType<typeof runInProcess>> | undefined;
    const looks = await looksDuring(async () => (result = await runInProcess(['models', 'status', '--agent', 'work'], { env: state.env })));
    expect(result!.code).toBe(0);
    expect(result!.stdout).toContain('openai-codex:default');
    // An lstat (is it a folder, not a link?) and the ownership check's stat.
    expect(looks.get(join(state.dir, 'agents', 'work'))).toBe(2);
    expect([...looks.keys()].filter((key) => key.startsWith('readdir '))).toEqual([]);
  });

  it('the agents are the folders under agents/, not a file there nor a link to a folder', async () => {
    const result = await runInProcess(['agents', 'list', '--json'], { env: state.env });
    expect(result.code).toBe(0);
    const ids = (JSON.parse(result.stdout) as { id: string }[]).map((a) => a.id);
    expect(ids).toEqual(['main', 'old', 'work']);
    const missing = await runInProcess(['models', 'status', '--agent', 'linked'], { env: state.env });
    expect(missing.code).not.toBe(0);
  });
});
