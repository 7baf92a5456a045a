// SPEC 9 in a pseudo-terminal: with LANG=zh_TW.UTF-8 the wizard speaks Traditional Chinese, and at 60
// columns no line is wider than the terminal, counting a wide character as two columns.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeSetupToken, storeFileOf, tempState } from '../support/cli.js';
import { startIssuer, type Issuer } from '../support/issuer.mjs';
import { withPort1455 } from '../support/port-lock.js';
import { AUTHORIZE_URL, authorizeRedirect } from '../support/pty.js';
import { urlUnder } from '../support/terminal.mjs';
import { KEY, paste, spawnWizard, type WizardSession } from '../support/wizard.js';

const ZH = { LANG: 'zh_TW.UTF-8' };
const SSH = { SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', BROWSER: '/bin/false' };
const SIZE = { cols: 60, rows: 40 };

let issuer: Issuer;
let state: Awaited<ReturnType<typeof tempState>>;
let session: WizardSession | undefined;

beforeAll(async () => (issuer = await startIssuer()));
afterAll(() => issuer.close());
beforeEach(async () => {
  state = await tempState();
  issuer.setMode({ deviceDisabled: false, deviceInterval: 1 });
});
afterEach(async () => {
  session?.kill();
  session?.dispose();
  session = undefined;
  await state.cleanup();
});

const wizard = (args: string[], env: Record<string, string> = {}) =>
  (session = spawnWizard(args, { env: { ...state.env, ...ZH, ...env }, issuer: issuer.url, ...SIZE }));

/** The screen fits: no row the terminal wrapped, and none wider than 60 columns by display width. */
async function fits(s: WizardSession): Promise<void> {
  const lines = await s.screen();
  const widest = Math.max(...lines.map((line) => stringWidth(line)));
  expect(widest, lines.join('\n')).toBeLessThanOrEqual(60);
  // Only the sign-in link wraps, softly: it is one logical line (issue 22, item 2).
  const url = (s.raw().match(AUTHORIZE_URL)?.[0] ?? '').replace(/\u001b.*$/s, '');
  const linkShown = url !== '' && lines.some((line) => url.startsWith(line.trim()) && line.trim().length > 20);
  expect(await s.softWrapped()).toBe(linkShown ? Math.ceil(url.length / 60) - 1 : 0);
  // The key hints (the last lines): a key never ends a line without what it does.
  const hints = lines.filter((line) => line.trim()).slice(-2).filter((line, i, all) => line.includes(' · ') || all[i - 1]?.trim().endsWith('·'));
  expect(hints.filter((line) => /(Enter|Esc|Tab|Ctrl\+C|↑↓)$/.test(line.trim()))).toEqual([]);
}

describe('onboard in Traditional Chinese at 60 columns', () => {
  it('agent, auth choice, setup-token and status screens are in Chinese and fit', async () => {
    await withPort1455(async () => {
      const token = fakeSetupToken('zh');
      const s = wizard([]);
      await s.waitStep('agent');
      await s.waitScreen(/要設定哪一個代理程式？ ❯ main 尚無設定檔 建立新的代理程式… ↑↓ 移動 · Enter 選擇 · Ctrl\+C 結束/);
      await fits(s);
      await s.keys('agent', KEY.enter);

      await s.waitStep('auth-choice');
      await s.waitScreen(/代理程式 main 要用哪種方式登入？ ❯ Anthropic：setup-token（Claude Pro\/Max） 尚未設定 OpenAI Codex：以 ChatGPT 登入 尚未設定/);
      await s.waitScreen('暫時略過');
      await fits(s);
      await s.keys('auth-choice', KEY.enter);

      await s.waitStep('setup-token');
      await s.waitScreen('在任何一台裝有 Claude Code 的電腦上執行： claude setup-token');
      await s.waitScreen('貼上權杖（不會顯示）：');
      s.write(paste(token));
      await s.waitScreen(`（${token.length} 個字元）`);
      await fits(s);
      s.write(KEY.enter);
      await s.waitScreen('設定檔名稱');
      await fits(s);
      await s.keys('setup-token-name', KEY.enter);

      await s.waitStep('status');
      const shown = await s.waitScreen(/代理程式 main：狀態 .*已儲存至 \//);
      expect(shown).toMatch(/anthropic:default 正常/);
      expect(shown).toMatch(/token · 36[45] 天.*後到期/);
      expect(shown).toContain('下一步');
      expect(shown).toContain('Enter 完成 · q 結束');
      await fits(s);
      await s.keys('status', KEY.enter);
      expect((await s.exited).exitCode).toBe(0);
      expect(s.raw()).not.toContain(token);
    });
  }, 60_000);

  it('Codex over SSH: the paste instructions, the tunnel hint and a refused paste in Chinese, all within 60 columns', async () => {
    await withPort1455(async () => {
      const s = wizard(['--agent', 'main', '--auth-choice', 'openai-codex'], SSH);
      await s.waitStep('codex');
      await s.waitScreen('貼上瀏覽器最後停留的網址：');
      const shown = await s.waitScreen('不開啟瀏覽器：這是 SSH 連線。');
      expect(shown).toContain('OpenAI Codex：以 ChatGPT 登入（openai-codex:default）');
      expect(shown).toContain('或從你的電腦轉送連接埠，登入就會自動完成： ssh -L 1455:127.0.0.1:1455 <host>');
      expect(shown).toContain('Tab 改用裝置代碼');
      // The link stays whole (a URL is never translated): it still signs in.
      const url = urlUnder(await s.screen(), '開啟這個連結登入：');
      expect(url).toMatch(/^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
      await fits(s);
      s.write(paste('http://localhost:1455/auth/callback?code=abc&state=from-another-attempt') + KEY.enter);
      await s.waitScreen('這個網址來自另一次登入嘗試');
      await fits(s);
      const callback = await authorizeRedirect(url!, issuer.url);
      s.write(paste(callback.toString()) + KEY.enter);
      await s.waitStep('status', { timeoutMs: 30_000 });
      await s.waitScreen(/openai-codex:default 正常 oauth · 存取權杖.*後到期；會自動更新/);
      await fits(s);
      await s.keys('status', KEY.enter);
      expect((await s.exited).exitCode).toBe(0);
    });
  }, 60_000);

  it('a failed sign-in (device sign-in not enabled) is explained in Chinese and fits', async () => {
    issuer.setMode({ deviceDisabled: true });
    const s = wizard(['--agent', 'main', '--auth-choice', 'openai-codex-device-code'], SSH);
    await s.waitStep('login-failed');
    const shown = await s.waitScreen('沒有儲存任何東西。');
    expect(shown).toContain('這個 ChatGPT 帳號或工作區未啟用裝置登入');
    expect(shown).toMatch(/Enter 再試一次 · o 改用瀏覽器登入/);
    await fits(s);
    s.write(KEY.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
  }, 60_000);

  it('device code: the page, the code and its warning in Chinese, within 60 columns', async () => {
    const s = wizard(['--agent', 'main', '--auth-choice', 'openai-codex-device-code'], SSH);
    await s.waitStep('codex-device');
    // The hints are drawn from the first frame, before the code arrives: wait for the code and the hints below it.
    const shown = await s.waitScreen(/[A-F0-9]{4}-[A-F0-9]{4}[\s\S]*Tab 改用瀏覽器登入/);
    const code = /([A-F0-9]{4}-[A-F0-9]{4})/.exec(shown)![1]!;
    expect(shown).toContain('在任何裝置上開啟這個頁面，並以 ChatGPT 登入： https://auth.openai.com/codex/device');
    expect(shown).toContain('接著輸入這組代碼：');
    expect(shown).toContain('代碼在 15 分鐘後失效。切勿把這組代碼告訴任何人');
    expect(shown).toContain('Tab 改用瀏覽器登入');
    await fits(s);
    expect(issuer.approveDevice(code)).toBe(true);
    await s.waitStep('status', { timeoutMs: 30_000 });
    await s.waitScreen(/openai-codex:default 正常/);
    await s.keys('status', KEY.enter);
    expect((await s.exited).exitCode).toBe(0);
  }, 60_000);

  it('a corrupt store: the wizard names the file and the problem in Chinese; n leaves it as it is', async () => {
    const file = storeFileOf(state.dir);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, '{"version": 1, "profiles": {', { mode: 0o600 });
    const s = wizard(['--agent', 'main']);
    await s.waitStep('corrupt');
    const shown = await s.waitScreen('要把它移到一旁');
    expect(shown).toMatch(/無法使用憑證庫：檔案不是有效的 JSON/);
    expect(shown).toContain('y 移到一旁 · n 保留原樣並結束');
    await fits(s);
    await s.keys('corrupt', 'n');
    expect((await s.exited).exitCode).toBe(1);
    expect(s.text()).toContain('已保留');
    expect(await readFile(file, 'utf8')).toBe('{"version": 1, "profiles": {');
  }, 30_000);

  it('OPENCLAW_LANG=en wins over LANG=zh_TW.UTF-8', async () => {
    const s = wizard([], { OPENCLAW_LANG: 'en' });
    await s.waitStep('agent');
    await s.waitScreen('Which agent are you setting up?');
    s.write(KEY.ctrlC);
    expect((await s.exited).exitCode).toBe(130);
  }, 30_000);
});
