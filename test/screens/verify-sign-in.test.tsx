import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLang } from '../../src/base/i18n/index.js';
import { createDeps } from '../../flows/onboard/real-deps.js';
import { fakeSetupToken, storeFileOf } from '../support/cli.js';
import type { FakeWorld } from '../support/fake-deps.js';
import { useProbeStandin } from '../support/probe-hooks.js';
import { redirectFetch } from '../support/redirect-fetch.mjs';
import { PROBE_HOSTS, refusedUrl } from '../support/probe-standin.mjs';
import { installScreenHooks, KEY, plain, start, words } from './driver.js';

/**
 * Issue 21 in the wizard, over its real deps (the store in a temp state dir) and the probe stand-in: a
 * pasted setup-token is checked with the provider before it is saved.
 */
installScreenHooks();
const live = useProbeStandin();

function wizard(options: { verify?: boolean } = {}) {
  const deps = createDeps(live.state.env, () => undefined, 'main');
  return start({ deps } as unknown as FakeWorld, { options: { agent: 'main', authChoice: 'setup-token', ...options } });
}

const onDisk = async () => JSON.parse(await readFile(storeFileOf(live.state.dir), 'utf8')).profiles as Record<string, { token: string }>;

async function pasteAndName(d: ReturnType<typeof start>, token: string, until: string) {
  await d.waitFor('Paste the token (hidden):');
  await d.press(KEY.paste(token), `(${token.length} characters)`);
  await d.press(KEY.enter, 'Profile name');
  return d.press(KEY.enter, until);
}

describe('the wizard checks a pasted setup-token', () => {
  it('refused by the provider: not saved, the field asks again saying why; a good one then: saved, "Checked: it works"', async () => {
    const d = wizard();
    const refused = fakeSetupToken('refused');
    const shown = await pasteAndName(d, refused, 'it was not saved');
    expect(words(shown)).toContain('anthropic refused it (refused by anthropic (HTTP 401)');
    expect(words(shown)).toContain('paste it again');
    expect(shown).toContain('Paste the token (hidden):');
    await expect(readFile(storeFileOf(live.state.dir), 'utf8')).rejects.toThrow();

    const good = fakeSetupToken('good');
    // The field is empty again: the refused token is gone with the save that refused it.
    expect(shown).not.toContain('characters)');
    await d.press(KEY.paste(good), `(${good.length} characters)`);
    // The name given before is kept: the save starts at once.
    const status = await d.press(KEY.enter, 'Agent main: status');
    expect(words(status)).toContain('Checked: it works.');
    expect((await onDisk())['anthropic:default']?.token).toBe(good);
    for (const frame of d.frames()) expect(plain(frame)).not.toContain(refused.slice(13, 40));
    d.write(KEY.enter);
    expect(await d.exit()).toMatchObject({ code: 0 });
  });

  it('an unreachable provider: saved, the status saying it could not be checked; --no-verify sends nothing', async () => {
    const closed = await refusedUrl();
    const undo = redirectFetch(PROBE_HOSTS.map(([origin]) => [origin, `${closed}/`]));
    try {
      const d = wizard();
      const status = await pasteAndName(d, fakeSetupToken('offline'), 'Agent main: status');
      expect(words(status)).toContain('Saved, but it could not be checked now (could not connect: the connection was refused).');
      expect((await onDisk())['anthropic:default']?.token).toBe(fakeSetupToken('offline'));
      d.write(KEY.enter);
      await d.exit();
    } finally {
      undo();
    }
    const seen = live.standin.seen.length;
    const d = wizard({ verify: false });
    const status = await pasteAndName(d, fakeSetupToken('refused'), 'Agent main: status');
    expect(status).not.toMatch(/Checked|could not be checked/);
    expect(live.standin.seen.length).toBe(seen);
    d.write(KEY.enter);
    await d.exit();
  });
});

describe('the wizard checks a pasted API key', () => {
  it('refused (403): not saved, asked again; a good one: saved and checked', async () => {
    const deps = createDeps(live.state.env, () => undefined, 'main');
    const d = start({ deps } as unknown as FakeWorld, { options: { agent: 'main', authChoice: 'openai:api-key' } });
    await d.waitFor('Paste the key (hidden):');
    const bad = 'sk-proj-forbidden0123456789abcdef';
    await d.press(KEY.paste(bad), `(${bad.length} characters)`);
    await d.press(KEY.enter, 'Profile name');
    const shown = await d.press(KEY.enter, 'it was not saved');
    expect(words(shown)).toContain('openai refused it (refused by openai (HTTP 403)');
    await expect(readFile(storeFileOf(live.state.dir), 'utf8')).rejects.toThrow();
    const good = 'sk-proj-good0123456789abcdef';
    await d.press(KEY.paste(good), `(${good.length} characters)`);
    expect(words(await d.press(KEY.enter, 'Agent main: status'))).toContain('Checked: it works.');
    expect(JSON.parse(await readFile(storeFileOf(live.state.dir), 'utf8')).profiles['openai:default'].key).toBe(good);
    d.write(KEY.enter);
    await d.exit();
  });
});

describe('in Traditional Chinese', () => {
  let restore: () => void;
  beforeEach(async () => (restore = await useLang('zh-Hant')));
  afterEach(() => restore());

  it('says the refusal and the check in Chinese', async () => {
    const d = wizard();
    await d.waitFor('貼上權杖');
    const refused = fakeSetupToken('refused');
    await d.press(KEY.paste(refused), `${refused.length}`);
    await d.press(KEY.enter, '設定檔名稱');
    const shown = await d.press(KEY.enter, '未儲存');
    expect(words(shown)).toContain('anthropic 拒絕了它');
    const good = fakeSetupToken('good');
    await d.press(KEY.paste(good), `${good.length}`);
    expect(words(await d.press(KEY.enter, '已檢查'))).toContain('已檢查：可以使用。');
    d.write(KEY.enter);
    await d.exit();
  });
});
