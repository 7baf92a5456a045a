import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps, stores } from '../support/fake-deps.js';
import { installScreenHooks, KEY, start, words } from './driver.js';

installScreenHooks();

const toDevice = async (d: ReturnType<typeof start>) => {
  await d.waitFor('How should agent main sign in?');
  await d.press(KEY.down, '❯ OpenAI Codex: ChatGPT sign-in');
  await d.press(KEY.down, '❯ OpenAI Codex: device code');
  return d.press(KEY.enter, 'WXYZ-2345');
};

describe('device code (SPEC 7)', () => {
  it('headless: the auth choice says the device code fits here', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main', headless: true } });
    const shown = words(await d.waitFor('OpenAI Codex: device code'));
    expect(shown).toContain('OpenAI Codex: device code not set up · fits here: nothing to paste back');
  });

  it('shows the page and the code prominently, the expiry and the warning; approval leads to the status', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await toDevice(d));
    expect(shown).toContain('On any device, open this page and sign in with ChatGPT: https://auth.openai.com/codex/device');
    expect(shown).toContain('Then enter this code:');
    expect(shown).toContain('The code expires in 15 minutes.');
    expect(shown).toContain('Never share this code');
    expect(shown).toContain('Waiting for the code to be approved');
    expect(shown).toContain('Esc back');
    expect(world.deviceCalls).toEqual([expect.objectContaining({ agent: 'main', profileId: 'openai-codex:default' })]);
    world.approveDevice();
    const status = await d.waitFor('Agent main: status');
    expect(status).toContain('openai-codex:default');
    expect(world.agents.get('main')!.store.profiles['openai-codex:default']).toMatchObject({ accountId: 'acct-device-1' });
  });

  it('fits 60 columns', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main', authChoice: 'openai-codex-device-code' }, width: 60 });
    const shown = await d.waitFor('WXYZ-2345');
    for (const line of shown.split('\n').filter((l) => !/^https?:\/\/\S+$/.test(l))) expect(stringWidth(line)).toBeLessThanOrEqual(60);
  });

  // Issue 22, item 6: Esc goes back one step (here it quit the wizard with 130); only Ctrl+C quits.
  it('Esc while waiting: back to the auth choice, on the same line, polling aborted, nothing saved', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    await toDevice(d);
    const shown = await d.press(KEY.esc, 'How should agent main sign in?');
    expect(shown).toContain('❯ OpenAI Codex: device code');
    expect(d.exits).toEqual([]);
    expect(world.deviceCalls[0]!.signal.aborted).toBe(true);
    expect(world.agents.get('main')!.store.profiles).toEqual({});
  });

  it('with nowhere to go back to (--auth-choice), Esc is not offered and does nothing; Ctrl+C quits', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main', authChoice: 'openai-codex-device-code' } });
    const shown = await d.waitFor('WXYZ-2345');
    expect(shown).not.toContain('Esc');
    const before = d.frame();
    d.write(KEY.esc);
    // The spinner's next frame: Ink has had the Esc (it holds a lone one a moment), and the screen stays.
    expect(await d.waitFor('WXYZ-2345', before)).toContain('Waiting for the code to be approved');
    expect(d.exits).toEqual([]);
    expect(world.deviceCalls[0]!.signal.aborted).toBe(false);
    d.write(KEY.ctrlC);
    expect(await d.exit()).toEqual({ kind: 'exit', code: 130, message: 'Cancelled; nothing was saved.' });
  });

  it('a failure (not enabled) offers the browser sign-in for the same profile with o', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.device.failWith = 'Device sign-in is not enabled for this ChatGPT account or workspace.';
    const d = start(world, { options: { agent: 'main', authChoice: 'openai-codex-device-code' } });
    const failed = await d.waitFor('Nothing was saved.');
    expect(words(failed)).toContain('o use the browser sign-in');
    await d.press('o', 'Paste the address the browser landed on:');
    expect(world.codexCalls).toEqual([expect.objectContaining({ profileId: 'openai-codex:default' })]);
  });

  it('guided re-login offers it: Tab on the Codex login switches to the device code for the same profile', async () => {
    const store = stores.relogin(stores.codex('openai-codex:work'), 'openai-codex:work');
    const world = fakeDeps({ main: store });
    const d = start(world, { options: { agent: 'main', headless: true } });
    await d.waitFor('Tab device code instead');
    const shown = words(await d.press('\t', 'WXYZ-2345'));
    expect(world.codexCalls[0]!.signal.aborted).toBe(true);
    expect(shown).toContain('OpenAI Codex: sign in with a device code (openai-codex:work)');
    world.approveDevice();
    await d.waitFor('Agent main: status');
    expect(world.agents.get('main')!.store.usageStats?.['openai-codex:work']?.reloginRequired).toBeUndefined();
  });
});
