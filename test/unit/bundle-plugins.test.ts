import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidthNow from 'string-width';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module of the build, without types
import { lazyEnglishParts, lazyRegex, lazySegmenter, PLAIN_TEXT, plainTextStringWidth, plainTextWidth, TOKENIZE_PLAIN } from '../../scripts/bundle-plugins.mjs';
import { tokenize as packageTokenize } from '@alcalzone/ansi-tokenize';
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
  it("the bundled catalogue has every key of the source one, in pieces by the key's first word, the parts' modules not bundled", async () => {
    const result = await build({
      stdin: { contents: "export { englishMessage, englishCatalogue } from './src/base/i18n/en/index.ts';", resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      write: false,
      plugins: [lazyEnglishParts],
      logLevel: 'silent',
    });
    // The words are in the bundle as data; the part modules (src/base/i18n/en/cli.ts, …) are not.
    expect(result.outputFiles[0]!.text).not.toMatch(/src\/base\/i18n\/en\/(?!index)/);
    const bundled = { exports: {} as { englishMessage: (key: string) => string | undefined; englishCatalogue: () => Record<string, string> } };
    new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(bundled, bundled.exports, createRequire(import.meta.url));
    const source = englishCatalogue();
    for (const [key, message] of Object.entries(source)) expect(bundled.exports.englishMessage(key), key).toBe(message);
    expect(bundled.exports.englishMessage('no.such.key')).toBeUndefined();
    expect(bundled.exports.englishCatalogue()).toEqual(source);
  });
});

/** A package entry bundled as the wizard's bundle has it (scripts/build.mjs's plainTextWidth plugin). */
async function bundledWith(contents: string): Promise<Record<string, unknown>> {
  const result = await build({ stdin: { contents, resolveDir: process.cwd(), loader: 'js' }, bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, plugins: [plainTextWidth], logLevel: 'silent' });
  const bundled = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(bundled, bundled.exports, createRequire(import.meta.url));
  return bundled.exports;
}

describe("Ink's tokenize() in the wizard bundle: plain lines walked by character (plainTokenize)", () => {
  type Tokenize = typeof packageTokenize;
  const plainLine = new RegExp(TOKENIZE_PLAIN, 'u');
  const plainBmp = characters(0, 0x10000).filter((c) => plainLine.test(c) && !/[\ud800-\udfff]/.test(c));

  it('gives what the package gives: every plain character side by side, in order and shuffled, styled, linked, with controls', async () => {
    const { tokenize } = (await bundledWith("export { tokenize } from '@alcalzone/ansi-tokenize';")) as { tokenize: Tokenize };
    expect(plainBmp.length).toBeGreaterThan(40_000);
    // A fixed shuffle, so that a failure can be run again.
    let seed = 23;
    const shuffled = [...plainBmp].sort(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 3) - 1);
    const lines = [
      plainBmp.join(''),
      shuffled.join(''),
      '\u001b[1m\u001b[36m❯ main\u001b[39m\u001b[22m · 主要 \u001b[2mno profiles yet\u001b[22m',
      '\u001b]8;;https://example.com\u0007a link\u001b]8;;\u0007 and \u009b31mC1\u009b39m',
      'tab\there, bell\u0007, escape alone \u001b, del\u007f',
      // Not plain: the package's segmenter walks these, joined clusters and all.
      'e\u0301 가\u1161 👍🏽 1\u20e3 a\r\nb 🇹🇼',
    ];
    for (let i = 0; i < shuffled.length; i += 997) lines.push(`\u001b[31m${shuffled.slice(i, i + 40).join('')}\u001b[39m`);
    for (const line of lines) expect(tokenize(line), line.slice(0, 40)).toEqual(packageTokenize(line));
    expect(plainLine.test(lines[0]!) && plainLine.test(lines[2]!) && plainLine.test(lines[3]!)).toBe(true);
    expect(plainLine.test(lines[5]!)).toBe(false);
  });

  it('leaves the segmenter for lines with a CR: CR LF is one cluster', () => {
    expect(plainLine.test('a\r\nb')).toBe(false);
    expect(plainLine.test('a\nb\u001b[0m')).toBe(true);
    expect([...new Intl.Segmenter().segment('\u001b[31m')].length).toBe(5);
  });

  it("string-width's \\p{RGI_Emoji} is made on its first test (lazyRegex), and answers as the package does", async () => {
    const { default: width } = (await bundledWith("export { default } from 'string-width';")) as { default: Width };
    for (const text of ['👍🏽', '1\u20e3', '🇹🇼', '👨‍👩‍👧', '❤️', 'e\u0301', 'plain']) expect(width(text), text).toBe(stringWidthNow(text));
    const source = 'const emoji = /^\\p{RGI_Emoji}$/v;\n// emoji, in a comment\nexport const f = (s) => emoji.test(s);\n';
    const changed = lazyRegex(source, 'emoji', 'x.js') as string;
    expect(changed).not.toContain('const emoji = /');
    const f = new Function(`${changed.replace('export const f', 'const f')}; return f;`)() as (s: string) => boolean;
    expect([f('👍'), f('a')]).toEqual([true, false]);
    expect(() => lazyRegex(`${source}export const g = emoji.source;\n`, 'emoji', 'x.js')).toThrow(/used only by emoji\.test/);
    expect(() => lazyRegex('export const none = 1;\n', 'emoji', 'x.js')).toThrow(/not one module-level literal/);
  });
});
