import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps, GOOD_TOKEN } from '../support/fake-deps.js';
import { installScreenHooks, KEY, plain, start } from './driver.js';

installScreenHooks();

const TAB = '\t';
const lines = (frame: string) => plain(frame).split('\n');
// The screens indent by two columns (a list's hint by four): an odd indent is a space pushed onto a wrapped line.

describe('field hints wrapped narrow: no line starts with a space', () => {
  for (const width of [60, 40]) {
    it(`at ${width} columns: the paste, the three places, the profile name, an API key`, async () => {
      const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' }, width });
      const shown: string[] = [];
      shown.push(await d.waitFor('❯ Anthropic'));
      shown.push(await d.press(KEY.enter, 'Paste the token (hidden):'));
      shown.push(await d.press(TAB, '❯ In the system keychain'));
      shown.push(await d.press(TAB, '❯ As a reference'));
      shown.push(await d.press(TAB, '❯ In the credential file'));
      shown.push(await d.press(KEY.paste(GOOD_TOKEN), 'characters)'));
      shown.push(await d.press(KEY.enter, 'Profile name'));
      shown.push(await d.press('Bad Name', 'use a-z'));
      const k = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' }, width });
      await k.waitFor('❯ Anthropic');
      await k.press(KEY.down.repeat(3), '❯ API key…');
      await k.press(KEY.enter, 'Which API key should agent main use?');
      await k.press(KEY.down, '❯ OpenAI');
      shown.push(await k.press(KEY.enter, 'Paste the key'));
      for (const frame of shown) for (const line of lines(frame)) expect(line, frame).not.toMatch(/^( {2})* \S/);
    });
  }
});
