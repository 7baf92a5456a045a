import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { catalogueProblems } from '../../src/base/i18n/check.js';
import { englishCatalogue } from '../../src/base/i18n/en/index.js';

const en = englishCatalogue();
import { chooseLang, fill, lang, loadCatalogue, t, useLang } from '../../src/base/i18n/index.js';
import { displayWidth, padEnd, wrapText } from '../../src/base/terminal.js';
import { expiresIn, formatDuration } from '../../src/model/profile-state.js';

describe('the catalogues', () => {
  it('zh-Hant has every English key, with the same {name} places, and nothing else', async () => {
    const zh = await loadCatalogue('zh-Hant');
    expect(catalogueProblems(en, zh)).toEqual([]);
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('the check fails on a missing key, a missing or renamed parameter, an extra key and an empty message', async () => {
    const zh = { ...(await loadCatalogue('zh-Hant')) } as Record<string, string>;
    delete zh['status.toFix'];
    zh['saved.expires'] = '已將 {id} 儲存（{when}到期）';
    zh['logout.removed'] = '已從 {path} 移除 {ids}';
    zh['status.nonsense'] = '多出來的';
    zh['key.quit'] = ' ';
    expect(catalogueProblems(en, zh).sort()).toEqual([
      'empty message key.quit',
      'extra key status.nonsense',
      'logout.removed: places {ids, path} instead of {file, ids}',
      'missing key status.toFix',
      'saved.expires: places {id, when} instead of {file, id, when}',
    ]);
  });

  it('zh-Hant has no Simplified characters and uses full-width punctuation in prose', async () => {
    const zh = Object.values(await loadCatalogue('zh-Hant')).join('\n');
    // Characters that exist only in Simplified Chinese (their Traditional forms: 設 證 錄 權 碼 開 該 為 這 時 個 後 過 選 擇 請 網 儲).
    expect(zh).not.toMatch(/[设证录权码开该为这时个后过选择请网储]/u);
    // A CJK character followed by a half-width comma, full stop or colon is a slip.
    expect(zh).not.toMatch(/[\u4e00-\u9fff][,.:;?!](?![\w/])/u);
  });
});

describe('choosing the language (SPEC 9)', () => {
  it('OPENCLAW_LANG, then LC_ALL, LC_MESSAGES, LANG; zh_TW/zh_HK/zh_MO/zh-Hant → zh-Hant, else en', () => {
    expect(chooseLang({ LANG: 'zh_TW.UTF-8' })).toBe('zh-Hant');
    expect(chooseLang({ LANG: 'zh_HK.UTF-8' })).toBe('zh-Hant');
    expect(chooseLang({ LANG: 'zh_MO' })).toBe('zh-Hant');
    expect(chooseLang({ OPENCLAW_LANG: 'zh-Hant' })).toBe('zh-Hant');
    expect(chooseLang({ LANG: 'zh_Hant_TW.UTF-8' })).toBe('zh-Hant');
    expect(chooseLang({ OPENCLAW_LANG: 'zh-Hant-TW' })).toBe('zh-Hant');
    expect(chooseLang({ OPENCLAW_LANG: 'en', LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(chooseLang({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(chooseLang({ LC_ALL: '', LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-Hant');
    expect(chooseLang({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(chooseLang({ LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(chooseLang({ LANG: 'zh_SG.UTF-8' })).toBe('en');
    expect(chooseLang({ LANG: 'C.UTF-8' })).toBe('en');
    expect(chooseLang({})).toBe('en');
  });

  it('useLang sets the language until its restore, which puts the previous one back', async () => {
    expect(lang()).toBe('en');
    const restore = await useLang('zh-Hant');
    expect(lang()).toBe('zh-Hant');
    expect(t('key.quit')).toBe('結束');
    const inner = await useLang('en');
    expect(t('key.quit')).toBe('quit');
    inner();
    expect(t('key.quit')).toBe('結束');
    restore();
    expect(lang()).toBe('en');
    expect(t('key.quit')).toBe('quit');
  });

  it('fill puts values into their places and leaves an unknown place as written', () => {
    expect(fill('{a} and {b}', { a: 1, b: 'x' })).toBe('1 and x');
    expect(fill('{a} and {c}', { a: 1 })).toBe('1 and {c}');
    expect(fill('{constructor}', {})).toBe('{constructor}');
  });
});

describe('durations in the language in use', () => {
  it('en: 3d 4h, in 45m, 2h ago, never', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
    expect(expiresIn(1000 + 45 * 60_000, 1000)).toBe('in 45m');
    expect(expiresIn(0, 2 * 3_600_000)).toBe('2h ago');
    expect(expiresIn(null, 0)).toBe('never');
  });

  it('zh-Hant: 3 天 4 小時, 45 分鐘後, 2 小時前, 永不', async () => {
    const restore = await useLang('zh-Hant');
    try {
      expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 天 4 小時');
      expect(expiresIn(1000 + 45 * 60_000, 1000)).toBe('45 分鐘後');
      expect(expiresIn(0, 2 * 3_600_000)).toBe('2 小時前');
      expect(expiresIn(undefined, 0)).toBe('永不');
      expect(formatDuration(0)).toBe('0 秒');
    } finally {
      restore();
    }
  });
});

describe('layout by display width', () => {
  it('agrees with string-width (what Ink measures by) on every message of both catalogues', async () => {
    for (const catalogue of [en, await loadCatalogue('zh-Hant')]) {
      for (const message of Object.values(catalogue)) expect(displayWidth(message), message).toBe(stringWidth(message));
    }
    for (const text of ['e\u0301', '\u001b[1m粗體\u001b[22m', 'a\u200bb', '｜全形｜', 'ｱｲｳ', '/home/使用者/.openclaw']) {
      expect(displayWidth(text), text).toBe(stringWidth(text));
    }
  });

  it('a wide character counts two columns', () => {
    expect(displayWidth('登入')).toBe(4);
    expect(displayWidth('ok')).toBe(2);
    expect(padEnd('使用中', 8)).toBe('使用中  ');
    expect(padEnd('Active', 8)).toBe('Active  ');
  });

  it('wrapText breaks Chinese between characters, never past the width, punctuation kept with its word', () => {
    const text = '請在你自己電腦的瀏覽器中開啟連結。登入後會停在一個無法載入的頁面（http://localhost:1455/…）：複製那個網址，貼到下方。';
    // Widths from the longest unbreakable word (the URL with its closing punctuation, 27 columns) up.
    for (const width of [27, 30, 41, 60]) {
      const lines = wrapText(text, width).split('\n');
      for (const line of lines) expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      expect(lines.join('')).toBe(text);
      for (const line of lines.slice(1)) expect(line).not.toMatch(/^[，。：）]/);
    }
    // The URL is one word: never broken inside.
    expect(wrapText(text, 30).split('\n').some((line) => line.includes('http://localhost:1455/…'))).toBe(true);
  });

  it('wrapText keeps English wrapping by words and its indentation', () => {
    expect(wrapText('  one two three four', 12)).toBe('  one two\n  three four');
    expect(wrapText('a 登入 b', 80)).toBe('a 登入 b');
  });
});

describe('only the language in use is loaded', () => {
  it('the zh-Hant catalogue is imported in one place, on demand (import()), never statically; built beside the bundles', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('../support/cli.js');
    const files = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [`${dir}/${e.name}`] : []));
    const importers = ['src', 'flows', 'components']
      .flatMap(files)
      .filter((file) => !file.startsWith('src/base/i18n/zh-Hant/'))
      .filter((file) => /zh-Hant\/index\.js/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(importers).toEqual(['src/base/i18n/load-zh-hant.ts']);
    const source = readFileSync(join(ROOT, 'src/base/i18n/load-zh-hant.ts'), 'utf8');
    expect(source).toMatch(/await import\('\.\/zh-Hant\/index\.js'\)/);
    expect(source).not.toMatch(/^import .*zh-Hant/m);
  });
});

describe('no dead messages', () => {
  it('every key is looked up somewhere (state.* and source.* by their ids)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('../support/cli.js');
    const files = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [`${dir}/${e.name}`] : []));
    const sources = ['src', 'flows', 'components']
      .flatMap(files)
      .filter((file) => !/^src\/base\/i18n\/(en|zh-Hant)\//.test(file))
      .map((file) => readFileSync(join(ROOT, file), 'utf8'))
      .join('\n');
    const unused = Object.keys(en).filter((key) => !sources.includes(`'${key}'`) && !/^(state|source)\./.test(key));
    expect(unused).toEqual([]);
  });
});

describe('the catalogue parts', () => {
  it('no key is in two parts (a lookup would silently take one of them)', async () => {
    const { enParts } = await import('../../src/base/i18n/en/index.js');
    const seen = new Map<string, number>();
    const twice: string[] = [];
    enParts.forEach((part, i) => {
      for (const key of Object.keys(part)) {
        if (seen.has(key)) twice.push(key);
        seen.set(key, i);
      }
    });
    expect(twice).toEqual([]);
  });
});
