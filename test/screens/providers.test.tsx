import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps, stores } from '../support/fake-deps.js';
import { installScreenHooks, KEY, start, words } from './driver.js';

installScreenHooks();

const OPENAI_KEY = 'sk-proj0123456789abcdefWIZARDKEY';

describe('auth choice: the registry, grouped (SPEC 7 step 2, SPEC 8)', () => {
  it('the first list stays short: the subscription sign-ins, then "API key…" and "More providers…"', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' } });
    const shown = words(await d.waitFor('More providers…'));
    expect(shown).toContain('API key… Anthropic, OpenAI, OpenRouter');
    expect(shown).toContain('More providers… GitHub Copilot, Acme AI');
    expect(shown).not.toContain('sign in with Acme');
    await d.press(KEY.down.repeat(3), '❯ API key…');
    const keys = words(await d.press(KEY.enter, 'Which API key should agent main use?'));
    expect(keys).toContain('OpenAI: API key not set up');
    expect(keys).toContain('Esc back');
    await d.press(KEY.esc, 'How should agent main sign in?');
  });

  it('each line tells of profiles of its own kind: a setup-token does not show on the Anthropic API-key line', async () => {
    const store = stores.setupToken();
    store.profiles['openai:default'] = { type: 'api_key', provider: 'openai', key: OPENAI_KEY };
    const d = start(fakeDeps({ main: store }), { options: { agent: 'main' } });
    const main = words(await d.waitFor('More providers…'));
    expect(main).toContain('signed in as anthropic:default');
    await d.press(KEY.down.repeat(3), '❯ API key…');
    const keys = words(await d.press(KEY.enter, 'Which API key should agent main use?'));
    expect(keys).toContain('Anthropic: API key not set up');
    expect(keys).toContain('OpenAI: API key signed in as openai:default');
    expect(keys).not.toContain('anthropic:default');
  });

  it('an Anthropic API key shows on its API-key line, not on the setup-token line', async () => {
    const store = emptyStore();
    store.profiles['anthropic:key'] = { type: 'api_key', provider: 'anthropic', key: 'sk-ant-api03-fixture0123456789' };
    const d = start(fakeDeps({ main: store }), { options: { agent: 'main' } });
    const main = words(await d.waitFor('More providers…'));
    expect(main).not.toContain('anthropic:key');
    await d.press(KEY.down.repeat(3), '❯ API key…');
    expect(words(await d.press(KEY.enter, 'Which API key should agent main use?'))).toContain('Anthropic: API key signed in as anthropic:key');
  });

  it('fits 60 columns, lists included', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' }, width: 60 });
    for (const line of (await d.waitFor('More providers…')).split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    await d.press(KEY.down.repeat(4), '❯ More providers…');
    for (const line of (await d.press(KEY.enter, 'Acme AI: sign in with Acme')).split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(60);
  });
});

describe('API key in the wizard', () => {
  it('masked paste checked against the pattern, a name, then the status; stored as api_key, never drawn', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main', authChoice: 'openai:api-key' } });
    let shown = words(await d.waitFor('Paste the key (hidden):'));
    expect(shown).toContain('OpenAI: API key');
    expect(shown).toContain('Create one at platform.openai.com/api-keys.');
    shown = words(await d.press(KEY.paste('not-a-key-at-all-0123456789') + KEY.enter, 'does not look like a key'));
    expect(shown).toContain('starts with sk-');
    await d.press(KEY.paste(OPENAI_KEY) + KEY.enter, 'Profile name');
    await d.press(KEY.paste('work') + KEY.enter, 'Agent main: status');
    expect(world.agents.get('main')!.store.profiles['openai:work']).toEqual({ type: 'api_key', provider: 'openai', key: OPENAI_KEY });
    for (const frame of d.frames()) expect(frame).not.toContain(OPENAI_KEY);
  });

  it('an unknown --auth-choice exits 1 naming what is registered', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main', authChoice: 'nosuch:key' } });
    const exit = await d.exit();
    expect(exit.code).toBe(1);
    expect(exit.message).toMatch(/^No sign-in "nosuch:key"\. Registered: anthropic:setup-token, openai-codex:browser, openai-codex:device-code, anthropic:api-key, openai:api-key/);
  });
});

describe("a plugin's OAuth method in the wizard", () => {
  const toAcme = async (d: ReturnType<typeof start>) => {
    await d.waitFor('More providers…');
    await d.press(KEY.down.repeat(4), '❯ More providers…');
    await d.press(KEY.enter, 'Acme AI: sign in with Acme');
    await d.press(KEY.down, '❯ Acme AI: sign in with Acme');
    return d.press(KEY.enter, 'Paste the Acme code:');
  };

  it('its link and instructions, its question in a field, its choice in a list; then the status', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await toAcme(d));
    expect(shown).toContain('Acme AI: sign in with Acme (acme:default)');
    expect(shown).toContain('Open this link to sign in: https://acme.example/device?user_code=ACME-42');
    expect(shown).toContain('Sign in at Acme, then come back.');
    // An empty answer is asked again (allowEmpty is not set).
    await d.press(KEY.enter, 'An answer is needed here.');
    await d.press('ACME-42-OK' + KEY.enter, 'Which Acme workspace?');
    await d.press(KEY.down + KEY.enter, 'Agent main: status');
    expect(world.oauthCalls[0]!.answers).toEqual(['ACME-42-OK', 'team']);
    expect(world.agents.get('main')!.store.profiles['acme:default']).toMatchObject({ type: 'oauth', provider: 'acme', email: 'me@acme.example' });
  });

  it('Esc while it waits: back to the list it was chosen from, its signal aborted, nothing saved', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    await d.waitFor('❯ Anthropic');
    await d.press(KEY.down.repeat(4), '❯ More providers…');
    await d.press(KEY.enter, 'GitHub Copilot');
    await d.press(KEY.down, '❯ Acme AI');
    await d.press(KEY.enter, 'Paste the Acme code:');
    const shown = await d.press(KEY.esc, '❯ Acme AI');
    expect(shown).not.toContain('Paste the Acme code:');
    expect(d.exits).toEqual([]);
    expect(world.oauthCalls[0]!.signal.aborted).toBe(true);
    expect(world.agents.get('main')!.store.profiles).toEqual({});
  });

  it('a plugin that throws: its one-line error, nothing saved, Enter tries again', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.oauthFails = 'Acme AI sign-in failed: the plugin stopped (bad gateway).';
    const d = start(world, { options: { agent: 'main', authChoice: 'acme:oauth' } });
    const shown = words(await d.waitFor('Nothing was saved.'));
    expect(shown).toContain('Acme AI sign-in failed: the plugin stopped (bad gateway).');
    world.oauthFails = null;
    await d.press(KEY.enter, 'Paste the Acme code:');
    expect(world.oauthCalls).toHaveLength(2);
  });
});

describe('the failure screen', () => {
  it('says "Nothing was saved." once, also when the message already says so', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.oauthFails = 'Signing in to Acme AI failed: the server could not be reached. Nothing was saved.';
    const d = start(world, { options: { agent: 'main', authChoice: 'acme:oauth' } });
    const shown = await d.waitFor('could not be reached');
    expect(shown.match(/Nothing was saved/g)).toHaveLength(1);
  });
});
