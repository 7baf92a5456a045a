import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli, storeFileOf, tempState } from '../support/cli.js';
import { missingKeyringTools, startKeyring, type Keyring } from '../support/keyring.js';

/**
 * The built package's `openclaw-keychain` resolver, run as OpenClaw runs an exec provider: the command
 * and args of `secrets.providers.openclaw-keychain` in openclaw.json, no shell, an environment of its
 * passEnv only, the protocol v1 request on stdin.
 */
const TOKEN = 'sk-proj-resolvedbyopenclaw0123456789abcdefJKL';
const missing = missingKeyringTools();

describe.skipIf(missing.length > 0)(`openclaw-keychain speaks protocol v1${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let keyring: Keyring;
  let state: Awaited<ReturnType<typeof tempState>>;
  beforeAll(async () => {
    keyring = await startKeyring();
    state = await tempState();
  });
  afterAll(async () => {
    await keyring?.stop();
    await state?.cleanup();
  });

  it('answers the value of an item paste-token --store keychain stored, and NOT_FOUND for another id', async () => {
    // Beside the CLI bundle that wrote the reference (dist/, or OPENCLAW_DIST).
    const shipped = join(dirname(CLI), 'openclaw-keychain.cjs');
    expect(existsSync(shipped), 'run npm run build first').toBe(true);
    const env = { ...state.env, ...keyring.env };
    const saved = await runCli(['models', 'auth', 'paste-token', '--provider', 'openai', '--store', 'keychain'], { env, input: TOKEN });
    expect(saved.code, saved.stderr).toBe(0);
    const ref = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default'].keyRef;
    const provider = JSON.parse(await readFile(join(state.dir, 'openclaw.json'), 'utf8')).secrets.providers[ref.provider];
    expect(provider.command).toBe(shipped);

    // Only passEnv, taken from the environment the user runs OpenClaw in.
    const user: Record<string, string | undefined> = { ...process.env, ...env };
    const childEnv = Object.fromEntries((provider.passEnv as string[]).flatMap((name) => (user[name] === undefined ? [] : [[name, user[name]!]])));
    const request = { protocolVersion: 1, provider: ref.provider, ids: [ref.id, 'main/openai:absent'] };
    const run = spawnSync(provider.command, provider.args ?? [], { env: childEnv, input: JSON.stringify(request), encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ protocolVersion: 1, values: { [ref.id]: TOKEN }, errors: { 'main/openai:absent': { code: 'NOT_FOUND' } } });
    expect(run.stderr).toBe('');
  });
});
