import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/model/schema.js';
import { CODEX_STATE, fakeDeps } from '../support/fake-deps.js';
import { installScreenHooks, KEY, start } from './driver.js';

installScreenHooks();

const count = (frame: string, text: string) => frame.split(text).length - 1;

// A user-level review: "Enter try again" wrote the step's title block again above the live region.
describe('a retry of the same sign-in writes its title once', () => {
  it('an OAuth sign-in (a plugin) that failed, tried again: one title in the scrollback', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.oauthFails = 'Acme AI sign-in failed: the plugin stopped (bad gateway).';
    const d = start(world, { options: { agent: 'main', authChoice: 'acme:oauth' } });
    const failed = await d.waitFor('Nothing was saved.');
    const title = failed.split('\n')[0]!;
    expect(title).toContain('Acme AI');
    world.oauthFails = null;
    const again = await d.press(KEY.enter, 'Paste the Acme code:');
    expect(world.oauthCalls).toHaveLength(2);
    expect(count(again, title)).toBe(1);
  });

  it('the ChatGPT sign-in tried again: one title, the new link below a short line that says so', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.codex.failWith = 'Signing in failed: the sign-in server refused the code (HTTP 400, invalid_grant).';
    const d = start(world, { options: { agent: 'main', authChoice: 'openai-codex' } });
    const first = await d.waitFor('Paste the address the browser landed on:');
    const title = first.split('\n')[0]!;
    await d.press(KEY.paste(`http://localhost:1455/auth/callback?code=ac_fakecode123&scope=openid&state=${CODEX_STATE}`), 'ac_fakecode123');
    await d.press(KEY.enter, 'Nothing was saved.');
    const again = await d.press(KEY.enter, (f) => f.includes('Paste the address the browser landed on:') && f.includes('trying again'));
    expect(world.codexCalls).toHaveLength(2);
    expect(count(again, title)).toBe(1);
    expect(count(again, '── Enter: trying again ──')).toBe(1);
    // The new attempt's link is written again, after the line.
    expect(again.lastIndexOf('auth/authorize')).toBeGreaterThan(again.indexOf('trying again'));
    expect(again.indexOf('auth/authorize')).toBeLessThan(again.indexOf('trying again'));
  });
});

// Render must change nothing (React may run it twice, or drop it): the scrollback is kept by a commit.
describe('under StrictMode (each render run twice)', () => {
  it('each piece is written once: the title, the link, the line after Esc', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' }, strict: true });
    await d.waitFor('❯ Anthropic');
    await d.press(KEY.down, '❯ OpenAI Codex');
    const codex = await d.press(KEY.enter, 'Paste the address the browser landed on:');
    const title = codex.split('\n')[0]!;
    const back = await d.press(KEY.esc, (f) => f.includes('back to the previous screen') && f.includes('❯ OpenAI Codex'));
    expect(count(back, title)).toBe(1);
    expect(count(back, 'auth/authorize')).toBe(1);
    expect(count(back, '── Esc: back to the previous screen ──')).toBe(1);
  });
});
