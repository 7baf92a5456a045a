import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps, GOOD_TOKEN } from '../support/fake-deps.js';
import { installScreenHooks, KEY, start } from './driver.js';

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
});
