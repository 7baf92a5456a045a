import { writeFile } from 'node:fs/promises';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { makeTheme, ThemeProvider } from '../../components/theme.js';
import { createDeps } from '../../flows/onboard/real-deps.js';
import { StatusBody } from '../../flows/onboard/screens/StatusScreen.js';
import { offerFile } from '../../src/auth/secrets/keep.js';
import { KeychainError } from '../../src/auth/secrets/keychain/index.js';
import { emptyStore } from '../../src/model/schema.js';
import { plantStore, storeFileOf, tempState } from '../support/cli.js';
import { fakeDeps, GOOD_TOKEN } from '../support/fake-deps.js';
import { installScreenHooks, KEY, plain, start, words } from './driver.js';

installScreenHooks();

/**
 * SPEC 12 in the wizard: the setup-token and API-key steps ask where the secret is kept (the credential
 * file, the system keychain, a reference), each choice explained in a line; Tab moves the choice.
 */
const TAB = '\t';

describe('where the pasted secret is kept', () => {
  it('the setup-token step lists the three places with a line each; the file is chosen at first and saves as before', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main', authChoice: 'setup-token' } });
    const shown = words(await d.waitFor('Paste the token (hidden):'));
    expect(shown).toContain('Where should the secret be kept?');
    expect(shown).toContain('❯ In the credential file auth-profiles.json, readable only by you (0600)');
    expect(shown).toContain('In the system keychain the OS keychain holds it; the file holds only a reference');
    expect(shown).toContain('As a reference to where it already is an environment variable, a file, or a password manager');
    expect(shown).toContain('Tab where to keep it');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    await d.press(KEY.enter, 'Profile name');
    await d.press(KEY.enter, 'Agent main: status');
    expect(world.saved).toHaveLength(1);
    expect(world.keptElsewhere).toEqual([]);
  });

  it('Tab to the keychain: the paste is kept there, the profile holds a reference; the token is never drawn', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main', authChoice: 'setup-token' } });
    await d.waitFor('Paste the token (hidden):');
    await d.press(TAB, '❯ In the system keychain');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    await d.press(KEY.enter, 'Profile name');
    await d.press(KEY.enter, 'Agent main: status');
    expect(world.saved).toEqual([]);
    expect(world.keptElsewhere).toEqual([{ agent: 'main', provider: 'anthropic', profileId: 'anthropic:default', type: 'token', home: 'keychain', value: GOOD_TOKEN }]);
    for (const frame of d.frames()) expect(plain(frame)).not.toContain(GOOD_TOKEN.slice(13, 30));
  });

  it('Tab twice on the API-key step: a reference is typed (shown, checked as OpenClaw\'s grammar) and stored as keyRef', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main', authChoice: 'openai:api-key' } });
    await d.waitFor('Where should the secret be kept?');
    await d.press(TAB, '❯ In the system keychain');
    await d.press(TAB, 'Reference (env:NAME or <source>:<alias>:<id>)');
    await d.press('env:openai', 'env:openai');
    expect(words(await d.press(KEY.enter, 'environment variable name'))).toContain('upper-case letters');
    await d.press(KEY.ctrlU, (f) => !f.includes('env:openai'));
    await d.press('env:MY_OPENAI_KEY', 'env:MY_OPENAI_KEY');
    await d.press(KEY.enter, 'Profile name');
    await d.press(KEY.enter, 'Agent main: status');
    expect(world.keptElsewhere).toEqual([{ agent: 'main', provider: 'openai', profileId: 'openai:default', type: 'api_key', home: 'ref', value: 'env:MY_OPENAI_KEY' }]);
    expect(world.agents.get('main')!.store.profiles['openai:default']).toEqual({ type: 'api_key', provider: 'openai', keyRef: { source: 'env', provider: 'default', id: 'MY_OPENAI_KEY' } });
  });

  it('the reference field suggests a variable of its own provider and speaks in the wizard\'s words, not the --ref flag\'s', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main', authChoice: 'setup-token' } });
    await d.waitFor('Paste the token (hidden):');
    await d.press(TAB, '❯ In the system keychain');
    const field = await d.press(TAB, 'Reference (env:NAME or <source>:<alias>:<id>)');
    expect(field).toContain('env:ANTHROPIC_API_KEY');
    expect(field).not.toContain('OPENAI');
    const empty = words(await d.press(KEY.enter, 'Type a reference'));
    expect(empty).toContain('Type a reference such as env:ANTHROPIC_API_KEY.');
    expect(empty).not.toContain('--ref');
    await d.press('vault', 'vault');
    const wrong = words(await d.press(KEY.enter, 'is not a reference'));
    expect(wrong).toContain('type env:NAME for an environment variable');
    expect(wrong).not.toContain('--ref');
  });

  it('in Traditional Chinese the empty reference is explained in the wizard\'s words too', async () => {
    const { useLang } = await import('../../src/base/i18n/index.js');
    const restore = await useLang('zh-Hant');
    try {
      const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main', authChoice: 'openai:api-key' }, width: 60 });
      await d.waitFor('金鑰要存放在哪裡？');
      await d.press(TAB, '❯ 存在系統鑰匙圈中');
      expect(await d.press(TAB, '❯ 以參照指向它已存放的地方')).toContain('env:OPENAI_API_KEY');
      const empty = words(await d.press(KEY.enter, '請輸入參照'));
      expect(empty).toContain('請輸入參照，例如 env:OPENAI_API_KEY。');
      expect(empty).not.toContain('--ref');
    } finally {
      restore();
    }
  });

  it('SPEC 12: the keychain is unavailable: the failure offers the credential file, which saves the same paste (never drawn); try again keeps it too', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.keepFails = 'The system keychain is unavailable (no D-Bus session). Nothing was written.';
    const d = start(world, { options: { agent: 'main', authChoice: 'setup-token' } });
    await d.waitFor('Paste the token (hidden):');
    await d.press(TAB, '❯ In the system keychain');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    await d.press(KEY.enter, 'Profile name');
    const failed = words(await d.press(KEY.enter, 'no D-Bus session'));
    expect(failed).toContain('f keep it in the credential file instead');
    // Try again: the paste is still in its field (dots), Enter tries the keychain again, which fails again.
    world.keepFails = 'The system keychain is unavailable (no D-Bus session). Nothing was written.';
    await d.press('r', 'characters)');
    await d.press(KEY.enter, 'no D-Bus session');
    expect(world.keptElsewhere.map((k) => k.value)).toEqual([GOOD_TOKEN, GOOD_TOKEN]);
    await d.press('f', 'Agent main: status');
    expect(world.saved).toEqual([{ agent: 'main', profileId: 'anthropic:default', token: GOOD_TOKEN }]);
    for (const frame of d.frames()) expect(plain(frame)).not.toContain(GOOD_TOKEN.slice(13, 30));
  });

  it('the keychain is unavailable: the wizard points to its own choice (f), not to the line command the command line names', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const command = 'openclaw models auth paste-token --provider anthropic --agent main';
    world.keepFails = offerFile(new KeychainError('there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service keychain cannot be reached', 'no-session'), command) as Error;
    // The command line's words are as they were.
    expect(world.keepFails.message).toContain(`To keep the secret in the credential file instead: ${command}`);
    const d = start(world, { options: { agent: 'main', authChoice: 'setup-token' }, width: 60 });
    await d.waitFor('Paste the token (hidden):');
    await d.press(TAB, '❯ In the system keychain');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    await d.press(KEY.enter, 'Profile name');
    const failed = words(await d.press(KEY.enter, 'no D-Bus session'));
    expect(failed).toContain('Nothing was written. To keep the secret in the credential file instead, press f.');
    expect(failed).toContain('f keep it in the credential file instead');
    expect(failed).not.toContain('paste-token');
  });

  it('in Traditional Chinese the failure offers the credential file in its words', async () => {
    const { useLang } = await import('../../src/base/i18n/index.js');
    const restore = await useLang('zh-Hant');
    try {
      const world = fakeDeps({ main: emptyStore() });
      world.keepFails = 'keychain down';
      const d = start(world, { options: { agent: 'main', authChoice: 'setup-token' }, width: 60 });
      await d.waitFor('金鑰要存放在哪裡？');
      await d.press(TAB, '❯ 存在系統鑰匙圈中');
      await d.press(KEY.paste(GOOD_TOKEN), '個字元）');
      await d.press(KEY.enter, '設定檔名稱');
      expect(words(await d.press(KEY.enter, 'keychain down'))).toContain('f 改存到憑證檔');
    } finally {
      restore();
    }
  });

  it('a third Tab comes back to the file; in Traditional Chinese each place is explained too', async () => {
    const { useLang } = await import('../../src/base/i18n/index.js');
    const restore = await useLang('zh-Hant');
    try {
      const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main', authChoice: 'setup-token' }, width: 60 });
      await d.waitFor('金鑰要存放在哪裡？');
      await d.press(TAB, '❯ 存在系統鑰匙圈中');
      await d.press(TAB, '❯ 以參照指向它已存放的地方');
      const shown = await d.press(TAB, '❯ 存在憑證檔中');
      expect(words(shown)).toContain('由作業系統的鑰匙圈保管');
    } finally {
      restore();
    }
  });

  it("the wizard's status screen says where a referenced secret lives (read by the real deps, no resolver run)", async () => {
    const state = await tempState();
    try {
      await plantStore(storeFileOf(state.dir), {
        profiles: {
          'openai:default': { type: 'api_key', provider: 'openai', keyRef: { source: 'env', provider: 'default', id: 'OPENAI_API_KEY' } },
          'anthropic:default': { type: 'token', provider: 'anthropic', tokenRef: { source: 'exec', provider: 'openclaw-keychain', id: 'main/anthropic:default' } },
        },
      });
      await writeFile(`${state.dir}/openclaw.json`, '{}');
      const loaded = await createDeps({ ...state.env, OPENAI_API_KEY: 'sk-proj-x0123456789abcdef' }, () => undefined, null).loadAgent('main');
      if (loaded.kind !== 'ok') throw new Error('the store did not load');
      const ink = render(
        <ThemeProvider theme={makeTheme()}>
          <StatusBody agent="main" status={loaded.status} written={null} now={Date.now()} />
        </ThemeProvider>,
      );
      const shown = words(plain(ink.lastFrame()));
      expect(shown).toContain('secret in env OPENAI_API_KEY (resolves)');
      expect(shown).toContain('secret in keychain');
      ink.unmount();
    } finally {
      await state.cleanup();
    }
  });
});
