// The registry in the wizard, end to end: a built-in API key and a plugin's label, in a pseudo-terminal.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, storeFileOf, tempState } from '../support/cli.js';
import { KEY, paste, spawnWizard, type WizardSession } from '../support/wizard.js';

let state: Awaited<ReturnType<typeof tempState>>;
let session: WizardSession | undefined;
beforeEach(async () => {
  state = await tempState();
  const paths = [join(ROOT, 'test', 'fixtures', 'plugins', 'acme.mjs')];
  await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths } } }));
});
afterEach(async () => {
  session?.kill();
  session?.dispose();
  session = undefined;
  await state.cleanup();
});

const KEY_VALUE = 'sk-proj-E2EWIZARDKEY0123456789abcdef';

describe('onboard: providers from the registry', () => {
  it('the plugin is listed under More providers…, with its label', async () => {
    const s = (session = spawnWizard(['--agent', 'main'], { env: state.env, cols: 60, rows: 40 }));
    await s.waitStep('auth-choice');
    await s.waitScreen(/More providers…\s+GitHub Copilot, Acme Cloud/);
    await s.keys('auth-choice', KEY.down.repeat(4) + KEY.enter);
    await s.waitScreen(/Acme Cloud: Acme sign-in/);
    expect(await s.softWrapped()).toBe(0);
    s.write(KEY.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
  }, 30_000);

  it('--auth-choice openai:api-key: the masked paste stores openai:default as api_key and ends on the status', async () => {
    const s = (session = spawnWizard(['--agent', 'main', '--auth-choice', 'openai:api-key'], { env: state.env, cols: 60, rows: 40 }));
    await s.waitStep('api-key');
    await s.waitScreen('Paste the key (hidden):');
    s.write(paste(KEY_VALUE) + KEY.enter);
    await s.waitStep('api-key-name');
    s.write(KEY.enter);
    await s.waitStep('status', { timeoutMs: 20_000 });
    await s.waitScreen(/openai:default\s+static/);
    await s.keys('status', KEY.enter);
    expect((await s.exited).exitCode).toBe(0);
    const stored = JSON.parse(await readFile(storeFileOf(state.dir), 'utf8')).profiles['openai:default'];
    expect(stored).toEqual({ type: 'api_key', provider: 'openai', key: KEY_VALUE });
    expect(s.raw()).not.toContain(KEY_VALUE);
  }, 30_000);

  it('--non-interactive with an API-key choice says where to pipe the key (exit 2)', async () => {
    const r = await runCli(['onboard', '--non-interactive', '--auth-choice', 'openai:api-key'], { env: state.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('openclaw models auth login --provider openai');
  });
});
