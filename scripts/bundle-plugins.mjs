// esbuild plugins of scripts/build.mjs that change what a package's code does at start, each for a measured
// cost (issue 23), each checking that the code it changes still reads as expected, so that a new version of
// the package fails the build rather than losing the change unseen. Imported by test/unit/bundle-plugins.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A module and what it imports, bundled as CommonJS text for Node 20 (`options` names it: entryPoints or stdin). */
export async function commonJsText(options) {
  const { build } = await import('esbuild');
  const result = await build({ ...options, bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, logLevel: 'warning' });
  return result.outputFiles[0].text;
}

/** The exports of a module of the sources, bundled and run here (a catalogue's words, to be written as data). */
export async function evaluated(entry) {
  const module = { exports: {} };
  new Function('module', 'exports', await commonJsText({ entryPoints: [entry] }))(module, module.exports);
  return module.exports;
}

// zod is used only inside functions (schemas are built on first use, src/model/schema.ts), yet a bundled
// `import * as z from 'zod/mini'` evaluates all of zod at load: ~0.5 ms of every `models status`, which reads
// a store of the usual shape without it. In the bundles each such import becomes a stand-in that loads
// zod on its first use. What it loads is zod bundled apart as one CommonJS module (the names the
// sources use, all of them together), which esbuild keeps inside a function of its own: as an ES module its
// functions were declarations of the bundle's top level, which V8 holds in every code cache made of it and
// loads at every start, and `models status` ran 1.1 M instructions (about 1%) fewer without them.
// The sources are unchanged: the unit tests see zod itself.
const ZOD_IMPORT = "import * as z from 'zod/mini';";
const zodNames = new Set(Object.keys(await import('zod/mini')));
/** The zod names a source uses (the types among them have no value), so that zod is still tree-shaken. */
const zodNamesIn = (source) => [...new Set([...source.matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))].filter((n) => zodNames.has(n));
/** The zod names of every source under src/ that imports zod: one module for them all, and so one copy of zod. */
function zodNamesOfSources() {
  const names = new Set();
  for (const file of readdirSync('src', { recursive: true })) {
    if (!String(file).endsWith('.ts')) continue;
    const source = readFileSync(join('src', String(file)), 'utf8');
    if (source.includes(ZOD_IMPORT)) for (const name of zodNamesIn(source)) names.add(name);
  }
  return [...names].sort();
}
export const lazyZod = {
  name: 'lazy-zod',
  setup(b) {
    const all = zodNamesOfSources();
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(ZOD_IMPORT)) {
        if (/^import (?!type )[^\n]*from 'zod/m.test(source)) throw new Error(`${args.path} imports zod otherwise than \`${ZOD_IMPORT}\`: lazyZod in scripts/bundle-plugins.mjs cannot make it lazy`);
        return undefined;
      }
      const lazy = `let zodLoaded; const z = new Proxy({}, { get: (_target, key) => (zodLoaded ??= require('lazy-zod:${all.join(',')}'))[key] });`;
      return { contents: source.replace(ZOD_IMPORT, lazy), loader: 'ts' };
    });
    b.onResolve({ filter: /^lazy-zod:/ }, (args) => ({ path: args.path.slice('lazy-zod:'.length), namespace: 'lazy-zod' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-zod' }, async (args) => ({
      contents: await commonJsText({ stdin: { contents: `export { ${args.path.split(',').join(', ')} } from 'zod/mini';`, resolveDir: process.cwd(), loader: 'js' } }),
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};
// Ink lays out with yoga-layout, WebAssembly shipped as base64 in a JavaScript file. Its Emscripten loader
// asks `fetch` for that data: URL whenever fetch is a function, as it is in Node 18+, which made every
// wizard start load Node's own undici and its web streams (~55 ms profiled, before the first frame). The
// loader's other way, taken where there is no fetch, decodes the same bytes in place: the wizard's bundle
// takes that one. The build fails if yoga's loader no longer reads as expected, rather than losing this unseen.
const YOGA_FETCH = '"function"!=typeof fetch';
export const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const found = source.split(YOGA_FETCH).length - 1;
      if (found !== 2) throw new Error(`${args.path}: expected 2 fetch checks in yoga's loader, found ${found}; see yogaWithoutFetch in scripts/bundle-plugins.mjs`);
      return { contents: source.replaceAll(YOGA_FETCH, 'true'), loader: 'js' };
    });
  },
};
// The first frame measured its text with string-width, whose grapheme segmenter (Intl.Segmenter: ICU's
// break data, ~12 ms to make the first one) and emoji regex (\p{RGI_Emoji}, ~33 ms to compile) are made on
// the wizard's first non-ASCII character (❯, ·). In the wizard's bundle only:
// - each module-level `new Intl.Segmenter(…)` of string-width, slice-ansi and ansi-tokenize is made on first
//   use, and string-width's emoji regex too (plainTokenize and lazyRegex below);
// - string-width answers text of plain characters itself: where no character can join a cluster or be an
//   emoji (no marks, joiners, selectors, jamo, pictographs, controls, astral planes, nor the two letters
//   that join the one before as a spacing mark, Thai and Lao SARA AM), each character is a
//   cluster of its own and string-width's answer is the sum of their East Asian widths, computed the same
//   way. test/unit/bundle-plugins.test.ts holds this to string-width for every such character.
export const PLAIN_TEXT = String.raw`^[^\p{Extended_Pictographic}\p{M}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u0D4E\u0E33\u0EB3\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uFF00-\uFFEF\u{10000}-\u{10FFFF}]*$`;
/**
 * string-width with its answer for plain text computed in place; put into string-width's module by its
 * source, where `plainText`, `stripAnsi`, `eastAsianWidth` and `fullStringWidth` (string-width's own) are
 * in scope. Exported for test/unit/bundle-plugins.test.ts, which supplies them.
 */
export function plainTextStringWidth(input, options = {}) {
  if (typeof input !== 'string' || input.length === 0) return 0;
  const text = !options.countAnsiEscapeCodes && (input.includes('\u001B') || input.includes('\u009B')) ? stripAnsi(input) : input;
  if (!plainText.test(text)) return fullStringWidth(input, options);
  const eastAsianWidthOptions = { ambiguousAsWide: options.ambiguousIsNarrow === false };
  let width = 0;
  for (const character of text) width += eastAsianWidth(character.codePointAt(0), eastAsianWidthOptions);
  return width;
}

/**
 * Ink's tokenize() (@alcalzone/ansi-tokenize), which Ink runs on every line it draws, walks the line by grapheme
 * clusters: on the wizard's first frame that made ICU's segmenter (~12 ms). A line of plain text (PLAIN_TEXT,
 * with controls other than CR allowed: a control is always a cluster of its own, and CR joins only LF) is
 * walked by its characters instead, each a cluster; any other line by the segmenter, made on first use.
 * test/unit/bundle-plugins.test.ts holds the result to the package's own tokenize().
 */
export const TOKENIZE_PLAIN = PLAIN_TEXT.replace(String.raw`\p{Cc}`, String.raw`\r`);
export const plainTokenize = (source, file) => {
  const walk = 'segmenter.segment(str)';
  if (source.split(walk).length !== 2 || !/^export function tokenize\(str, /m.test(source)) {
    throw new Error(`${file}: tokenize() no longer reads as plainTokenize in scripts/bundle-plugins.mjs expects`);
  }
  const lazy = lazySegmenter(source, file).replace(walk, 'clusters(str)');
  return `${lazy}
const plainLine = new RegExp(${JSON.stringify(TOKENIZE_PLAIN)}, 'u');
function clusters(str) {
  if (!plainLine.test(str)) return segmenter.segment(str);
  const each = [];
  for (let index = 0; index < str.length; index++) each.push({ segment: str[index], index });
  return each;
}
`;
};

/**
 * Each module-level `const <name> = <expression>;` that `declaration` matches (its groups: the name, the
 * expression) made at its first `<name>.<method>(…)`, which must be the code's only use of it (counted in the
 * code without its comments, which may name it); `refused(problem, name)` words the build's error.
 */
function onFirstUse(source, declaration, method, refused) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  let found = 0;
  const out = source.replace(declaration, (_line, name, expression) => {
    found++;
    const uses = code.match(new RegExp(`\\b${name}\\b`, 'g')).length - 1;
    if (uses !== code.split(`${name}.${method}(`).length - 1) throw new Error(refused('misused', name));
    return `let ${name}Made; const ${name} = { ${method}: (text) => (${name}Made ??= ${expression}).${method}(text) };`;
  });
  if (found !== 1) throw new Error(refused('count', found));
  return out;
}

/**
 * A module-level regular expression literal made on its first test(): `\p{RGI_Emoji}` with the v flag costs
 * ~35 ms to make on Node 20, at load, though plain text never tests it.
 */
export const lazyRegex = (source, name, file) =>
  onFirstUse(source, new RegExp(`^const (${name}) = (/.+/[a-z]*);$`, 'gm'), 'test', () => `${file}: ${name} is not one module-level literal used only by ${name}.test(); see lazyRegex in scripts/bundle-plugins.mjs`);

export const lazySegmenter = (source, file) =>
  onFirstUse(source, /^const (\w+) = (new Intl\.Segmenter\([^)]*\));$/gm, 'segment', (problem, detail) =>
    problem === 'misused'
      ? `${file}: ${detail} is used otherwise than ${detail}.segment(); see lazySegmenter in scripts/bundle-plugins.mjs`
      : `${file}: expected one module-level Intl.Segmenter, found ${detail}; see lazySegmenter in scripts/bundle-plugins.mjs`,
  );
export const plainTextWidth = {
  name: 'plain-text-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]slice-ansi[\\/]tokenize-ansi\.js$/ }, async (args) => ({ contents: lazySegmenter(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
    b.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/ }, async (args) => ({ contents: plainTokenize(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      let source = lazySegmenter(await readFile(args.path, 'utf8'), args.path);
      // string-width 8 (Ink's own); wrap-ansi's string-width 7 takes emoji-regex's, made on use.
      if (/^const rgiEmojiRegex = /m.test(source)) source = lazyRegex(source, 'rgiEmojiRegex', args.path);
      const head = 'export default function stringWidth(';
      if (!source.includes(head) || !/import \{eastAsianWidth\} from 'get-east-asian-width';/.test(source) || !/import stripAnsi from 'strip-ansi';/.test(source)) {
        throw new Error(`${args.path}: string-width no longer reads as plainTextWidth in scripts/bundle-plugins.mjs expects`);
      }
      source = source.replace(head, 'function fullStringWidth(');
      source += `\nconst plainText = new RegExp(${JSON.stringify(PLAIN_TEXT)}, 'u');\nexport default ${plainTextStringWidth.toString().replace('function plainTextStringWidth', 'function stringWidth')}\n`;
      return { contents: source, loader: 'js' };
    });
  },
};

// The wizard's bundle is CommonJS (for V8's code cache, scripts/build.mjs), which has no top-level await;
// Ink and yoga-layout have three:
// - yoga-layout awaits its WebAssembly: here the module starts loading it and exports a stand-in that
//   answers once it has; the promise is left at Symbol.for('openclaw.yogaReady'), which
//   flows/onboard/run.tsx awaits before it renders (Ink touches yoga only while rendering);
// - Ink imports its devtools, and reads its package.json, only when DEV=true: neither is in the bundle.
const YOGA_AWAIT = 'const Yoga = wrapAssembly(await loadYoga());\nexport default Yoga;';
const INK_AWAITS = ["await import('./devtools.js');", '? await loadPackageJson()'];
export const withoutTopLevelAwait = {
  name: 'without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(YOGA_AWAIT)) throw new Error(`${args.path} no longer reads as withoutTopLevelAwait in scripts/bundle-plugins.mjs expects`);
      const lazy = `let Yoga;
globalThis[Symbol.for('openclaw.yogaReady')] = loadYoga().then((assembly) => { Yoga = wrapAssembly(assembly); });
export default new Proxy({}, { get: (_target, key) => { if (Yoga === undefined) throw new Error('yoga-layout was used before it had loaded'); return Yoga[key]; } });`;
      return { contents: source.replace(YOGA_AWAIT, lazy), loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      for (const wait of INK_AWAITS) {
        if (source.split(wait).length !== 2) throw new Error(`${args.path} no longer reads as withoutTopLevelAwait in scripts/bundle-plugins.mjs expects (${wait})`);
      }
      source = source.replace(INK_AWAITS[0], 'void 0;').replace(INK_AWAITS[1], '? { name: undefined, version: undefined }');
      return { contents: source, loader: 'js' };
    });
  },
};

// The English catalogue is eight objects (src/base/i18n/en/index.ts), all made when the bundle loads, and
// the code that makes them went into every line command's code cache, though `models status` reads 16 of its
// ~600 words. In the line commands' bundles it is cut by the keys' first word (`status`, `describe`, …) within
// each part: a lookup makes only the pieces of its key's first word, in the order of the parts a status
// reads first (keys are in one part only: test/unit/i18n.test.ts). The words are the catalogue's own,
// evaluated here and written as JSON: test/unit/bundle-plugins.test.ts holds every key to the source.
const EN_PARTS = /^export const enParts = \[([\w, ]+)\] as const;$/m;
const FIRST = ['common', 'model', 'cli', 'holders', 'secrets', 'probe'];
export const lazyEnglishParts = {
  name: 'lazy-english-parts',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]base[\\/]i18n[\\/]en[\\/]index\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const listed = EN_PARTS.exec(source)?.[1].split(', ');
      const from = new Map([...source.matchAll(/^import \{ (\w+) \} from '(\.\/[\w-]+\.js)';$/gm)].map((m) => [m[1], m[2]]));
      if (!listed || listed.some((part) => !from.has(part)) || !/export function englishCatalogue\(\)/.test(source) || !/export function englishMessage\(key: string\)/.test(source)) {
        throw new Error(`${args.path} no longer reads as lazyEnglishParts in scripts/bundle-plugins.mjs expects`);
      }
      const { enParts } = await evaluated(args.path);
      const parts = Object.fromEntries(listed.map((name, i) => [name, enParts[i]]));
      const ordered = [...FIRST.filter((part) => listed.includes(part)), ...listed.filter((part) => !FIRST.includes(part))];
      // One piece for each first word of each part, in lookup order; each first word's pieces.
      // Objects without a prototype: a first word `constructor` or a key `__proto__` is data like any other.
      const pieces = [];
      const byWord = Object.create(null);
      for (const name of ordered) {
        const words = new Map();
        for (const [key, message] of Object.entries(parts[name])) {
          if (typeof message !== 'string') throw new Error(`${args.path}: ${name}'s ${key} is not a string; lazyEnglishParts in scripts/bundle-plugins.mjs writes the words as JSON`);
          const word = key.split('.')[0];
          if (!words.has(word)) words.set(word, Object.create(null));
          words.get(word)[key] = message;
        }
        for (const [word, piece] of words) {
          (byWord[word] ??= []).push(pieces.length);
          pieces.push(piece);
        }
      }
      // The table and the makers are made at the first lookup too: a line that prints no words (a token) then
      // has none of them in its code cache. Each piece is JSON text parsed when made, not an object literal:
      // V8's optimizing compiler inlined a maker into the hot lookup and spent ~0.6 s on escape analysis
      // of its few hundred properties in a status of 5,000 profiles (test/e2e/growth-opt.test.ts).
      const contents = `let makers = null;
const makersOf = () => (makers ??= [${pieces.map((piece) => `() => JSON.parse(${JSON.stringify(JSON.stringify(piece))})`).join(',\n')}]);
let words = null;
const made = [];
export function englishMessage(key) {
  words ??= JSON.parse(${JSON.stringify(JSON.stringify(byWord))});
  const dot = key.indexOf('.');
  const word = dot === -1 ? key : key.slice(0, dot);
  if (!Object.hasOwn(words, word)) return undefined;
  for (const i of words[word]) {
    const piece = made[i] ?? (made[i] = makersOf()[i]());
    if (Object.hasOwn(piece, key)) return piece[key];
  }
  return undefined;
}
let merged = null;
export function englishCatalogue() { return (merged ??= Object.assign({}, ...makersOf().map((make, i) => (made[i] ??= make())))); }
`;
      return { contents, loader: 'js', resolveDir: dirname(args.path), watchFiles: [...from.values()].map((file) => join(dirname(args.path), file.replace(/\.js$/, '.ts'))) };
    });
  },
};
