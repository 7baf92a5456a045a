import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSetupToken, plantStore, storeFileOf, tempState } from '../support/cli.js';
import { runInProcess } from '../support/context.js';

// SPEC 9 on the command line, in-process: the language comes from the env of each run.

const NOW = Date.UTC(2027, 0, 15, 8, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const now = () => NOW;
const ZH = { LANG: 'zh_TW.UTF-8' };
const words = (text: string) => text.replace(/\s+/g, ' ');

let state: Awaited<ReturnType<typeof tempState>>;
beforeEach(async () => (state = await tempState()));
afterEach(() => state.cleanup());

const run = (args: string[], env: Record<string, string> = {}, input?: string) => runInProcess(args, { env: { ...state.env, ...env }, input, now });

async function plant(store: Record<string, unknown> | string): Promise<string> {
  const file = storeFileOf(state.dir);
  await plantStore(file, store);
  return file;
}

const tok = (extra: Record<string, unknown> = {}) => ({ type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-ZHSECRET', ...extra });
/** A store with every kind of line `models status` draws: active, cooling down, expiring, expired, oauth. */
const rich = {
  profiles: {
    'anthropic:a': tok({ expires: NOW + 3 * DAY + 4 * HOUR }),
    'anthropic:b': tok({ expires: NOW + 5 * HOUR }),
    'anthropic:c': tok({ expires: NOW - 2 * HOUR }),
    'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'A', refresh: 'R', expires: NOW + 2 * DAY, accountId: 'acct_1' },
  },
  order: { anthropic: ['anthropic:a', 'anthropic:b', 'anthropic:c'] },
  usageStats: { 'anthropic:a': { cooldownUntil: NOW + 25 * MIN } },
};

describe('models status in Traditional Chinese', () => {
  it('says it in Chinese, with localised durations, and ids, commands and paths as they are', async () => {
    const file = await plant(rich);
    const result = await run(['models', 'status'], ZH);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`代理程式 main\n憑證庫   ${file}\n`);
    expect(out).toContain('anthropic  使用中 anthropic:b；順序：憑證庫');
    expect(out).toContain(' anthropic:a  token  冷卻中');
    expect(out).toContain('冷卻中，還剩 25 分鐘');
    expect(out).toContain('5 小時後到期');
    expect(out).toContain('2 小時前到期');
    expect(out).toContain('存取權杖 2 天後到期；會自動更新');
    // Issue 21: a token expiring soon is renewed by a new one, so its command is listed too.
    expect(out).toContain(
      '修正方式：\n  openclaw models auth setup-token --provider anthropic --profile-id anthropic:b\n  openclaw models auth setup-token --provider anthropic --profile-id anthropic:c',
    );
    // No English sentence is left: only ids, types, commands and paths are in Latin letters.
    expect(out).not.toMatch(/\b(expires|cooling|active|order|Agent|Store|To fix)\b/);
  });

  it('--provider: the labels line up by display width (a Chinese character is two columns)', async () => {
    await plant(rich);
    const result = await run(['models', 'status', '--provider', 'anthropic'], ZH);
    expect(result.code, result.stderr).toBe(0);
    const labelled = result.stdout.split('\n').filter((line) => /^ {2}(順序來源|實際順序|使用中)/.test(line));
    expect(labelled).toHaveLength(3);
    // Each value starts at the same column, measured as a terminal draws it.
    const columns = labelled.map((line) => stringWidth(/^ {2}\S+ +/.exec(line)![0]));
    expect(new Set(columns).size, labelled.join('\n')).toBe(1);
    expect(result.stdout).toContain('冷卻中，直到 2027年1月15日 08:25（UTC）（還剩 25 分鐘）');
  });

  it('--json is the same bytes in English and in Chinese (keys and values are never translated)', async () => {
    await plant(rich);
    for (const args of [['models', 'status', '--json'], ['models', 'status', '--provider', 'anthropic', '--json'], ['agents', 'list', '--json'], ['channels', 'list', '--json'], ['models', 'auth', 'order', 'get', '--provider', 'anthropic', '--json'], ['models', 'auth', 'providers', '--json']]) {
      const en = await run(args, { LANG: 'en_US.UTF-8' });
      const zh = await run(args, ZH);
      expect(en.code, en.stderr).toBe(0);
      expect(zh.stdout, args.join(' ')).toBe(en.stdout);
      expect(() => JSON.parse(zh.stdout)).not.toThrow();
    }
  });
});

describe('errors in Traditional Chinese', () => {
  it('a refused paste: one line, in Chinese, nothing stored', async () => {
    const result = await run(['models', 'auth', 'paste-token', '--provider', 'anthropic'], ZH, 'https://claude.ai/oauth/authorize?code=abc&state=xyz');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('錯誤：這看起來是登入網址，不是權杖。請執行 `claude setup-token`，在瀏覽器中完成登入，再貼上終端機印出的權杖（以 sk-ant-oat01- 開頭）。\n');
    const short = await run(['models', 'auth', 'paste-token', '--provider', 'anthropic'], ZH, 'sk-ant-oat01-short');
    expect(short.stderr).toBe('錯誤：這個權杖只有 18 個字元，而 setup-token 至少有 80 個。可能在複製時被截斷了。\n');
  });

  it('a stored token is reported in Chinese, with the expiry localised', async () => {
    const token = fakeSetupToken('zh');
    const result = await run(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--expires-in', '30d', '--no-verify'], ZH, token);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`已將 anthropic:default 儲存至 ${storeFileOf(state.dir)}（30 天後到期）\n`);
  });

  it('a corrupt store: named, left as it is, the way out in Chinese', async () => {
    const file = await plant('{ not json');
    const result = await run(['models', 'status'], ZH);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`錯誤：無法使用 ${file}：檔案不是有效的 JSON（第 1 行第 3 欄）。檔案保持原樣。請手動修正，或執行 \`openclaw onboard\` 將它移到一旁並重新開始。\n`);
  });

  it('a store with a field of the wrong kind: the JSON path and what is wrong, all in Chinese', async () => {
    const file = await plant('{"version":1,"profiles":{},"usageStats":{"anthropic:a":{"lastUsed":"yesterday"}}}');
    const result = await run(['models', 'status'], ZH);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`錯誤：無法使用 ${file}：usageStats.anthropic:a.lastUsed：應為數字，實際是字串。檔案保持原樣。請手動修正，或執行 \`openclaw onboard\` 將它移到一旁並重新開始。\n`);
  });

  it('a usage error from the flags, and --token refused, in Chinese', async () => {
    const bad = await run(['models', 'auth', 'paste-token', '--provider', 'Bad Provider'], ZH);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('錯誤：供應商 "Bad Provider" 無效：請使用小寫字母、數字和「-」。\n');
    const argv = await run(['models', 'auth', 'setup-token', '--token', 'sk-ant-oat01-x'], ZH);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toContain('拒絕使用 --token');
    expect(argv.stderr).not.toContain('sk-ant-oat01-x');
  });
});

describe('providers and sign-in in Traditional Chinese', () => {
  /** Two plugins that fail to load: one missing, one that exports no providers; and one that loads, with its own words. */
  async function plantPlugins(): Promise<void> {
    await writeFile(join(state.dir, 'bad.mjs'), 'export const nothing = 1;\n');
    await writeFile(join(state.dir, 'good.mjs'), "export const providers = [{ id: 'acme', label: 'Acme Cloud', auth: [{ kind: 'api-key', id: 'key', label: 'Acme key', hint: 'From acme.example → Keys.' }] }];\n");
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: ['./missing.mjs', './bad.mjs', './good.mjs'] } } }));
  }

  it('models auth providers: the built-in methods and the load errors in Chinese, a plugin\'s words as it wrote them', async () => {
    await plantPlugins();
    const result = await run(['models', 'auth', 'providers'], ZH);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain('anthropic  Anthropic  （內建）');
    expect(out).toMatch(/ {2}api-key +API 金鑰\n/);
    expect(out).toMatch(/ {2}browser +以 ChatGPT 登入（瀏覽器）\n/);
    expect(out).toMatch(/ {2}device-code +以裝置代碼登入 GitHub\n/);
    expect(out).toContain(`acme  Acme Cloud  （外掛 ${join(state.dir, 'good.mjs')}）`);
    expect(out).toMatch(/ {2}key +Acme key\n/);
    expect(out).toContain('載入失敗的外掛（2 個）：');
    expect(out).toContain(`${join(state.dir, 'missing.mjs')}: 找不到`);
    expect(out).toContain(`${join(state.dir, 'bad.mjs')}: 它沒有匯出 "providers"（陣列）`);
    expect(out).toContain('登入方式：openclaw models auth login --provider <id> [--method <id>]');
    expect(out).not.toMatch(/built in|plugin |failed to load|Sign in with|API key|not found/);
  });

  it('models auth providers --json: English labels and reasons whatever the language', async () => {
    await plantPlugins();
    const en = await run(['models', 'auth', 'providers', '--json'], { LANG: 'en_US.UTF-8' });
    const zh = await run(['models', 'auth', 'providers', '--json'], ZH);
    expect(zh.stdout).toBe(en.stdout);
    const parsed = JSON.parse(zh.stdout) as { providers: { id: string; methods: { label: string; hint?: string }[] }[]; errors: { reason: string }[] };
    expect(parsed.providers.find((p) => p.id === 'openai')!.methods[0]).toMatchObject({ label: 'API key', hint: 'An OpenAI API key (sk-…), from platform.openai.com → API keys.' });
    expect(parsed.errors.map((e) => e.reason)).toEqual(['not found', 'it does not export "providers" (an array)']);
    // After --json, the run's own language is back.
    expect((await run(['models', 'auth', 'providers'], ZH)).stdout).toContain('（內建）');
  });

  it('models auth login: usage errors and a failed plugin in Chinese', async () => {
    const unknown = await run(['models', 'auth', 'login', '--provider', 'nope'], ZH);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('錯誤：沒有註冊供應商 "nope"。已註冊：anthropic、openai-codex、openai、openrouter、github-copilot。請見 openclaw models auth providers。\n');
    const both = await run(['models', 'auth', 'login', '--provider', 'openai-codex', '--device-code', '--method', 'browser'], ZH);
    expect(both.stderr).toBe('錯誤：--device-code 就是 --method device-code，不能與 --method browser 一起使用。\n');
    const noMethod = await run(['models', 'auth', 'login', '--provider', 'openai', '--method', 'oauth'], ZH);
    expect(noMethod.stderr).toBe('錯誤：openai 沒有登入方式 "oauth"；它的登入方式：api-key。\n');
    await plantPlugins();
    const failed = await run(['models', 'auth', 'login', '--provider', 'nope'], ZH);
    expect(failed.stderr).toContain('外掛 ' + join(state.dir, 'missing.mjs') + ' 沒有載入：找不到');
    expect(failed.stderr).toContain('（有 2 個外掛載入失敗，見上方）');
    const help = await run(['models', 'auth', 'login', '--help'], ZH);
    expect(words(help.stdout)).toContain('以供應商的某種登入方式登入');
    expect(words(help.stdout)).toContain('setup-token（預設）');
  });

  it('a piped API key is saved in Chinese; --non-interactive names where to pipe one', async () => {
    const saved = await run(['models', 'auth', 'login', '--provider', 'openrouter', '--no-verify'], ZH, `sk-or-v1-${'a'.repeat(64)}\n`);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toBe(`已將 openrouter:default（API 金鑰）儲存至 ${storeFileOf(state.dir)}\n`);
    const scripted = await run(['onboard', '--non-interactive', '--auth-choice', 'openai:api-key'], ZH);
    expect(scripted.code).toBe(2);
    expect(scripted.stderr).toContain('請將金鑰以管線傳給 openclaw models auth login --provider openai');
  });
});

describe('credentials at run time in Traditional Chinese', () => {
  const oauth = (extra: Record<string, unknown>) => ({ type: 'oauth', provider: 'openai-codex', access: 'A', refresh: 'R', accountId: 'acct_1', ...extra });
  const token = (args: string[] = []) => run(['models', 'auth', 'token', ...args], ZH);

  it('an expired token, a refresh refused earlier, a refresh held off: one line each, in Chinese', async () => {
    await plant({ profiles: { 'anthropic:default': tok({ expires: NOW - 2 * HOUR }) } });
    const expired = await token(['--provider', 'anthropic']);
    expect(expired.code).toBe(1);
    expect(expired.stderr).toMatch(/^錯誤：anthropic:default 的權杖 2 小時前已過期。請取得新的權杖：openclaw models auth setup-token --provider anthropic\n$/);

    await plant({
      profiles: { 'openai-codex:default': oauth({ expires: NOW - HOUR }) },
      usageStats: { 'openai-codex:default': { reloginRequired: { since: NOW - DAY, reason: 'invalid_grant' } } },
    });
    const refused = await token(['--provider', 'openai-codex']);
    expect(refused.stderr).toContain('錯誤：openai-codex:default 需要重新登入：它的更新先前已被拒絕（invalid_grant）。已儲存的憑證保持不變。請重新登入：openclaw models auth login --provider openai-codex');

    await plant({ profiles: { 'openai-codex:default': oauth({ expires: NOW - HOUR }) }, usageStats: { 'openai-codex:default': { refreshRetryAt: NOW + 4_500, refreshFailures: 1 } } });
    const held = await token(['--provider', 'openai-codex']);
    expect(held.stderr).toBe('錯誤：暫不更新 openai-codex:default：剛才有一次更新失敗（無法連線到權杖端點，或端點發生問題），所以下一次要等待。沒有變更任何東西；請 5 秒後再試。\n');

    const none = await token(['--provider', 'openrouter']);
    expect(none.stderr).toBe('錯誤：代理程式 main 沒有儲存任何 openrouter 設定檔。請登入：openclaw models auth login --provider openrouter\n');
  });

  it('a broken config file is named in a Chinese warning, and the command goes on', async () => {
    await writeFile(join(state.dir, 'openclaw.json'), '{ nope');
    const result = await run(['models', 'auth', 'providers'], ZH);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`略過 ${join(state.dir, 'openclaw.json')}：不是有效的 JSON。`);
    await writeFile(join(state.dir, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: 'plugins' } } }));
    expect((await run(['models', 'auth', 'providers'], ZH)).stderr).toContain('中的外掛設定：「plugins.load.paths」應為路徑清單。');
  });
});

describe('--help in Traditional Chinese', () => {
  it('onboard --help: the descriptions and headings in Chinese, flags and choices as they are', async () => {
    const result = await run(['onboard', '--help'], ZH);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^用法： openclaw onboard \[選項\]\n\n設定 OpenClaw：選擇代理程式、登入、查看狀態\n\n選項：\n/);
    expect(out).toContain('--non-interactive');
    expect(out).toContain('略過選擇登入方式的畫面');
    expect(out).toContain('代理程式 id（預設：main）');
    expect(out).toContain('顯示指令說明');
    // --auth-choice takes <provider>:<method> too, so commander lists no choices: the description names them.
    expect(out.replace(/\s+/g, '')).toContain('略過選擇登入方式的畫面：setup-token、openai-codex、openai-codex-device-code、skip，或任何已註冊方式的<provider>:<method>（見modelsauthproviders）');
    expect(out).not.toMatch(/choices:|default:/);
    const setup = await run(['models', 'auth', 'setup-token', '--help'], ZH);
    expect(words(setup.stdout)).toContain('有效期限（預設值："365d"）');
    // English keeps commander's own words.
    const en = await run(['models', 'auth', 'setup-token', '--help'], { LANG: 'en_US.UTF-8' });
    expect(words(en.stdout)).toContain('lifetime (default: "365d")');
    expect(words(en.stdout)).toContain('provider (choices: "anthropic", default: "anthropic")');
    // Wrapped by display width: no line is wider than commander's 80 columns.
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });

  it('every command has its description in Chinese', async () => {
    const top = await run(['--help'], ZH);
    expect(top.stdout).toContain('OpenClaw 初始設定與模型驗證');
    expect(top.stdout).toContain('指令：');
    // Commander's placeholders too, in usage lines and the command list.
    expect(top.stdout).toMatch(/^用法： openclaw \[選項\] \[指令\]\n/);
    expect(top.stdout).toMatch(/^ {2}onboard \[選項\] {2}/m);
    expect(top.stdout).not.toMatch(/\[options\]|\[command\]/);
    for (const path of [['models', 'auth'], ['models'], ['agents'], ['channels']]) {
      const result = await run([...path, '--help'], ZH);
      expect(result.code).toBe(0);
      // A description line: two spaces, a command, spaces, then its words; none of them English prose.
      const described = result.stdout.split('指令：\n')[1]!.split('\n').filter((line) => /^ {2}\S/.test(line));
      for (const line of described) expect(line, line).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('choosing the language (SPEC 9)', () => {
  const heading = async (env: Record<string, string>) => (await run(['models', 'status'], env)).stdout.split('\n')[0];

  it('zh_TW, zh_HK, zh_MO and zh-Hant give Chinese; OPENCLAW_LANG=en wins over LANG=zh_TW.UTF-8', async () => {
    await plant(rich);
    expect(await heading({ LANG: 'zh_TW.UTF-8' })).toBe('代理程式 main');
    expect(await heading({ LC_ALL: 'zh_HK.UTF-8', LANG: 'en_US.UTF-8' })).toBe('代理程式 main');
    expect(await heading({ LC_MESSAGES: 'zh_MO' })).toBe('代理程式 main');
    expect(await heading({ OPENCLAW_LANG: 'zh-Hant' })).toBe('代理程式 main');
    expect(await heading({ OPENCLAW_LANG: 'en', LANG: 'zh_TW.UTF-8' })).toBe('Agent main');
  });

  it('LANG=de_DE.UTF-8 and zh_CN give English; the language of one run does not leak into the next', async () => {
    await plant(rich);
    expect(await heading({ LANG: 'de_DE.UTF-8' })).toBe('Agent main');
    expect(await heading({ LANG: 'zh_CN.UTF-8' })).toBe('Agent main');
    expect(await heading(ZH)).toBe('代理程式 main');
    expect(await heading({})).toBe('Agent main');
  });
});

describe("commander's own errors in Traditional Chinese (SPEC 9)", () => {
  it('an unknown command, an unknown option with its suggestion, a missing required option, too many arguments', async () => {
    const { runInProcess } = await import('../support/context.js');
    const zh = { LANG: 'zh_TW.UTF-8' };
    const unknown = await runInProcess(['model', 'status'], { env: zh });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('錯誤：沒有「model」這個指令');
    expect(unknown.stderr).toContain('（你是不是要用 models？）');
    const option = await runInProcess(['models', 'status', '--jsn'], { env: zh });
    expect(option.stderr).toContain('錯誤：沒有 --jsn 這個選項');
    expect(option.stderr).toContain('（你是不是要用 --json？）');
    const required = await runInProcess(['models', 'auth', 'logout'], { env: zh });
    expect(required.stderr).toContain('錯誤：缺少必要的選項 --provider');
    const extra = await runInProcess(['models', 'auth', 'paste-token', '--provider', 'x', 'abc'], { env: zh });
    expect(extra.stderr).toMatch(/錯誤：paste-token 的參數太多/);
    for (const r of [unknown, option, required, extra]) expect(r.stderr).not.toMatch(/\berror:|unknown|required/);
  });

  it('in English they stay exactly as commander writes them', async () => {
    const { runInProcess } = await import('../support/context.js');
    const unknown = await runInProcess(['model', 'status'], {});
    expect(unknown.stderr).toMatch(/^error: unknown command 'model'\n\(Did you mean models\?\)/);
  });
});
