import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps, GOOD_TOKEN } from '../support/fake-deps.js';
import { installScreenHooks, KEY, plain, start } from './driver.js';

installScreenHooks();

// Issue 22, item 6: one rule for Esc, going back one step and keeping what was typed.
describe('Esc goes back one step, keeping what was typed', () => {
  it('on the profile name: back to the paste, the token kept; Enter goes on with it', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    await d.waitFor('❯ Anthropic');
    await d.press(KEY.enter, 'Paste the token (hidden):');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    await d.press(KEY.enter, 'Profile name');
    const back = await d.press(KEY.esc, 'Paste the token (hidden):');
    expect(back).toContain(`(${GOOD_TOKEN.length} characters)`);
    await d.press(KEY.enter, 'Profile name');
    await d.press(KEY.enter, 'Agent main: status');
    expect(world.agents.get('main')!.store.profiles['anthropic:default']).toMatchObject({ token: GOOD_TOKEN });
  });

  it('on an API key paste: back to the API-key list, on the line chosen', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' } });
    await d.waitFor('❯ Anthropic');
    await d.press(KEY.down.repeat(3), '❯ API key…');
    await d.press(KEY.enter, 'Which API key should agent main use?');
    await d.press(KEY.down, '❯ OpenAI');
    await d.press(KEY.enter, 'Paste the key');
    const list = await d.press(KEY.esc, 'Which API key should agent main use?');
    expect(list).toContain('❯ OpenAI');
    expect(await d.press(KEY.esc, 'How should agent main sign in?')).toContain('❯ API key…');
  });

  it('Esc from the ChatGPT sign-in: its written lines stay in the scrollback, and a line says the list below came back', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' } });
    await d.waitFor('❯ Anthropic');
    await d.press(KEY.down, '❯ OpenAI Codex');
    const codex = plain(await d.press(KEY.enter, 'Paste the address the browser landed on:'));
    expect(codex).not.toContain('Esc: back to the previous screen');
    const back = plain(await d.press(KEY.esc, (f) => f.includes('back to the previous screen') && f.includes('❯ OpenAI Codex')));
    const line = back.indexOf('── Esc: back to the previous screen ──');
    expect(back.indexOf('auth/authorize')).toBeGreaterThanOrEqual(0);
    expect(line).toBeGreaterThan(back.indexOf('auth/authorize'));
    expect(back.indexOf('How should agent main sign in?', line)).toBeGreaterThan(line);
  });

  it('in Traditional Chinese the line says it too', async () => {
    const { useLang } = await import('../../src/base/i18n/index.js');
    const restore = await useLang('zh-Hant');
    try {
      const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' }, width: 60 });
      await d.waitFor('❯ Anthropic');
      await d.press(KEY.down, '❯ OpenAI Codex');
      await d.press(KEY.enter, 'auth/authorize');
      expect(await d.press(KEY.esc, '回到上一個畫面')).toContain('── Esc：回到上一個畫面 ──');
    } finally {
      restore();
    }
  });
});
