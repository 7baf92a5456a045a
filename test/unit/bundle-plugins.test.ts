import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidthNow from 'string-width';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module of the build, without types
import { lazyEnglishParts, lazySegmenter, PLAIN_TEXT, plainTextStringWidth } from '../../scripts/bundle-plugins.mjs';
import { build } from 'esbuild';
import { englishCatalogue } from '../../src/base/i18n/en/index.js';
import { loadZhHant } from '../../src/base/i18n/load-zh-hant.js';

type Width = (input: unknown, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;

// Ink measures with two versions of string-width: the one it names, and wrap-ansi's own.
const wrapAnsi = createRequire(import.meta.url).resolve('wrap-ansi');
const stringWidthOld = ((await import(pathToFileURL(createRequire(wrapAnsi).resolve('string-width')).href)) as { default: Width }).default;

/** The wizard bundle's string-width: plainTextStringWidth in the scope the plugin puts it in. */
function withPlainText(full: Width): Width {
  const make = new Function('plainText', 'stripAnsi', 'eastAsianWidth', 'fullStringWidth', `return ${String(plainTextStringWidth)}`);
  return make(new RegExp(PLAIN_TEXT, 'u'), stripAnsi, eastAsianWidth, full) as Width;
}

const characters = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => String.fromCodePoint(from + i));

describe.each([
  ['string-width (Ink)', stringWidthNow as Width],
  ["string-width (wrap-ansi's)", stringWidthOld],
])('%s, answered for plain text in the wizard bundle (scripts/bundle-plugins.mjs)', (_name, full) => {
  const ours = withPlainText(full);
  const plain = new RegExp(PLAIN_TEXT, 'u');

  it('every character of the Basic Multilingual Plane, alone, narrow and wide ambiguous: the same width', () => {
    let taken = 0;
    for (const c of characters(0, 0x10000)) {
      if (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff) continue;
      if (plain.test(c)) taken++;
      for (const options of [{}, { ambiguousIsNarrow: false }]) {
        if (ours(c, options) !== full(c, options)) expect(`${c} U+${c.codePointAt(0)!.toString(16)} ${ours(c, options)}`, JSON.stringify(options)).toBe(`${c} U+${c.codePointAt(0)!.toString(16)} ${full(c, options)}`);
      }
    }
    // Most of the plane is taken without a segmenter (the test would prove nothing if none were).
    expect(taken).toBeGreaterThan(40_000);
  });

  it('plain characters side by side stay one cluster each; the wizard catalogue, coloured or not', async () => {
    const zh = await loadZhHant();
    const texts = [...Object.values(englishCatalogue()), ...Object.values(zh)] as string[];
    // Neighbours that would join a cluster if they were not plain (Hangul syllables and jamo, marks, joiners).
    texts.push('ทำ', 'ຄຳ', '한국어', '가\u1161', 'e\u0301', 'a\u200db', '👍🏽', '1\u20e3', '❯ main · 主要', '\u001b[31m紅\u001b[39m ok', 'ｶﾞ', 'a\tb');
    for (const text of texts) {
      for (const options of [{}, { ambiguousIsNarrow: false }, { countAnsiEscapeCodes: true }]) expect(ours(text, options), `${text} ${JSON.stringify(options)}`).toBe(full(text, options));
    }
    expect(texts.filter((text) => plain.test(stripAnsi(text))).length).toBeGreaterThan(texts.length / 2);
  });
});

describe('lazySegmenter', () => {
  it('makes a module-level segmenter on first use, and refuses code that uses it otherwise', () => {
    const source = "const seg = new Intl.Segmenter();\n// the seg is lazy\nexport const f = (s) => [...seg.segment(s)].length;\n";
    const changed = lazySegmenter(source, 'x.js') as string;
    expect(changed).not.toContain('const seg = new Intl.Segmenter();');
    const f = new Function(`${changed.replace('export const f', 'const f')}; return f;`)() as (s: string) => number;
    expect(f('abc')).toBe(3);
    expect(() => lazySegmenter(`${source}export const g = seg;\n`, 'x.js')).toThrow(/otherwise than seg\.segment/);
    expect(() => lazySegmenter('export const none = 1;\n', 'x.js')).toThrow(/expected one module-level Intl.Segmenter/);
  });
});

describe('lazyEnglishParts', () => {
  it('the bundled catalogue has every key of the source one, each part made when a lookup first reaches it', async () => {
    const result = await build({
      stdin: { contents: "export { englishMessage, englishCatalogue } from './src/base/i18n/en/index.ts';", resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      write: false,
      plugins: [lazyEnglishParts],
      logLevel: 'silent',
    });
    const bundled = { exports: {} as { englishMessage: (key: string) => string | undefined; englishCatalogue: () => Record<string, string> } };
    new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(bundled, bundled.exports, createRequire(import.meta.url));
    const source = englishCatalogue();
    for (const [key, message] of Object.entries(source)) expect(bundled.exports.englishMessage(key), key).toBe(message);
    expect(bundled.exports.englishMessage('no.such.key')).toBeUndefined();
    expect(bundled.exports.englishCatalogue()).toEqual(source);
  });
});
