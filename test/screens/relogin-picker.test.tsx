import { describe, expect, it } from 'vitest';
import { stores } from '../support/fake-deps.js';
import { fakeDeps } from '../support/fake-deps.js';
import { installScreenHooks, words, start } from './driver.js';

installScreenHooks();

// Issue 22, item 8: --relogin <id> names its agent; the picker marks agents with a profile to sign in
// again; no spinner is left on screen when the wizard ends from a loading step.
describe('the agent picker and --relogin', () => {
  it('marks the agents that have a profile needing re-login', async () => {
    const world = fakeDeps({ main: stores.merge(stores.setupToken(), stores.relogin(stores.codex(), 'openai-codex:default')), work: stores.setupToken() });
    const d = start(world);
    const shown = await d.waitFor('Which agent are you setting up?');
    expect(words(shown)).toContain('main 2 profiles · openai-codex:default needs signing in again');
    expect(words(shown)).toMatch(/work 1 profile(?! ·)/);
  });

  it('--relogin <id> held by several agents: only those, and no "Create a new agent…"', async () => {
    const world = fakeDeps({ main: stores.setupToken(), other: stores.codex(), work: stores.setupToken() });
    const d = start(world, { options: { relogin: 'anthropic:default' } });
    const shown = await d.waitFor('Which agent are you setting up?');
    expect(shown).toContain('main');
    expect(shown).toContain('work');
    expect(shown).not.toContain('other');
    expect(shown).not.toContain('Create a new agent');
  });

  it('--relogin <id> held by one agent: straight into its sign-in', async () => {
    const world = fakeDeps({ main: stores.setupToken(), work: stores.codex('openai-codex:work') });
    const d = start(world, { options: { relogin: 'openai-codex:work' } });
    const shown = await d.waitFor('openai-codex:work needs signing in again');
    expect(shown).not.toContain('Which agent');
  });

  it('an exit from a loading step leaves no "Loading…" on screen', async () => {
    const world = fakeDeps({ main: stores.setupToken() });
    const d = start(world, { options: { agent: 'main', relogin: 'openai-codex:nope' } });
    expect(await d.exit()).toMatchObject({ code: 1 });
    await d.waitFor((f) => !f.includes('Loading'));
    const none = start(fakeDeps({ main: stores.setupToken() }), { options: { relogin: 'openai-codex:nope' } });
    expect(await none.exit()).toMatchObject({ code: 1, message: 'No agent has a profile openai-codex:nope. No profile of any agent needs signing in again.' });
    await none.waitFor((f) => !f.includes('Loading'));
  });
});
