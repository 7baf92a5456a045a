// Bundles the CLI into one CommonJS file with esbuild, then records V8's code cache for it.
// Measured on Node 20 (`npm run bench`): a single CJS bundle starts `openclaw models status` about 10 ms
// sooner than tsc's one-file-per-module ESM, and the code cache saves about 6 ms more. pi-ai and the
// prompt library stay out of it, loaded with importPackage() only on the paths that need them: each is
// bundled on its own into dist/vendor/, where the launcher finds it. The wizard is a second bundle.
// Nothing in dist/ needs node_modules at run time: that is what `npm pack` ships (SPEC §10).
import { build, transform } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluated, lazyEnglishParts, lazyZod, plainTextWidth, withoutTopLevelAwait, yogaWithoutFetch } from './bundle-plugins.mjs';

// OPENCLAW_DIST lets parallel work build elsewhere (inside the repo, so that node_modules resolves).
const out = process.env.OPENCLAW_DIST || 'dist';

const external = [
  'ink', 'react', 'react/jsx-runtime', 'ink-testing-library',
  '@mariozechner/pi-ai', '@mariozechner/pi-ai/*', '@clack/prompts', 'open', 'undici', '@lydell/node-pty',
  // Needed only when writing (the lock) or when a config file exists: kept out of the bundle so that
  // reading commands do not even parse them.
  'proper-lockfile', 'json5',
];

const { version } = JSON.parse(await readFile('package.json', 'utf8'));

await rm(out, { recursive: true, force: true });
// The Traditional Chinese catalogue is a file of its own beside the bundles (dist/i18n/zh-Hant.json), loaded
// only when it is the language in use: inside the CLI bundle it made every English run parse ~70 kB more.
// Both bundles load it through the real require() they have (the launcher's; the wizard's createRequire),
// relative to dist/.
const catalogueBeside = {
  name: 'catalogue-beside',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]base[\\/]i18n[\\/]load-zh-hant\.ts$/ }, () => ({
      contents: "export async function loadZhHant() { return require('./i18n/zh-Hant.json'); }",
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/i18n\/zh-Hant\.json$/ }, (args) => ({ path: args.path, external: true }));
  },
};
// Commander requires node:child_process at load, for executable subcommands, which openclaw has none of;
// loading it (and the net and stream modules it pulls in) was ~1.8 ms of every command's start. Commander
// gets a stand-in that loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { get spawn() { return require('node:child_process').spawn; } };",
      loader: 'js',
    }));
  },
};
// Written as JSON: reading and parsing data costs a fraction of compiling and running it as a module.
{
  const { zhHant } = await evaluated('src/base/i18n/zh-Hant/index.ts');
  await mkdir(join(out, 'i18n'), { recursive: true });
  await writeFile(join(out, 'i18n', 'zh-Hant.json'), JSON.stringify(zhHant));
}
// Each line-command bundle is written as one function expression, (function (exports, require, module,
// __filename, __dirname) {…}), which src/launcher/openclaw.cjs compiles as it is: wrapping the source at
// run time made a second copy of it (332 kB) in V8's young generation, and with it a second garbage
// collection in every `models status`.
const lineCommandBundle = {
  define: { OPENCLAW_VERSION: JSON.stringify(version) },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  external,
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '\n})' },
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
};
const cliBuild = await build({
  ...lineCommandBundle,
  entryPoints: ['src/cli/entry.ts'],
  outfile: join(out, 'cli.cjs'),
  plugins: [catalogueBeside, lazyChildProcess, lazyZod, lazyEnglishParts],
});
// dist/fast.cjs: only the lines of src/cli/fast-path.ts (`models status`, `models auth token --provider p`),
// started by the launcher for them. It never builds a command tree, so commander is left out (a stand-in that
// says so if it were ever asked for).
const noCommander = {
  name: 'no-commander',
  setup(b) {
    b.onResolve({ filter: /^commander$/ }, (args) => ({ path: args.path, namespace: 'no-commander' }));
    b.onLoad({ filter: /.*/, namespace: 'no-commander' }, () => ({
      contents: "throw new Error('commander is not in dist/fast.cjs: this line belongs to dist/cli.cjs');",
      loader: 'js',
    }));
  },
};
const fastBuild = await build({
  ...lineCommandBundle,
  entryPoints: ['src/cli/fast-entry.ts'],
  outfile: join(out, 'fast.cjs'),
  plugins: [catalogueBeside, noCommander, lazyZod, lazyEnglishParts],
});
// The launcher's own copy of fastCommand(), the one decision of which bundle a line runs in: the module's
// functions in a block (shipped as `let f = function`, esbuild's form of a block's functions), and
// `var fastPath = { lineKind }` (an IIFE's export helpers were five more functions for the launcher to compile
// at each start, which has no code cache of its own).
const fastPathModule = (
  await build({
    entryPoints: ['src/cli/fast-path.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    write: false,
    logLevel: 'warning',
  })
).outputFiles[0].text.trim();
const fastPathExports = /export\s*\{([^}]*)\};?$/.exec(fastPathModule);
// `local as exported`, or the name alone.
const lineKindName = fastPathExports?.[1].split(',').map((e) => e.trim().split(/\s+as\s+/)).find((names) => names.at(-1) === 'lineKind')?.[0];
if (!lineKindName) throw new Error(`src/cli/fast-path.ts built without an export of lineKind: ${fastPathModule.slice(-200)}`);
// In a block: the launcher is strict, so its declarations stay in there, whatever the minifier named them.
const fastPathCode = `{${fastPathModule.slice(0, fastPathExports.index)}var fastPath={lineKind:${lineKindName}};}`;
// The wizard: its own bundle, loaded by `onboard` only. Ink and React are bundled into it, in React's
// production build: importing Ink from node_modules took 300-370 ms (es-toolkit/compat alone opens 416
// files), the bundle about 80 ms, so the first frame comes in ~140 ms instead of ~400 ms. It is CommonJS, run
// by the launcher with its own code cache like the line commands' bundles: as an ES module it was compiled
// afresh on every start (Node 20 has no code cache for ES modules), ~25 ms profiled before the first frame.
const wizardExternal = external.filter((name) => !['ink', 'react', 'react/jsx-runtime'].includes(name));
// Ink loads react-devtools-core (and ws) only when DEV=true; keep them out of the bundle.
const noDevtools = {
  name: 'no-devtools',
  setup(b) {
    b.onResolve({ filter: /^(react-devtools-core|ws)$/ }, (args) => ({ path: args.path, namespace: 'devtools-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'devtools-stub' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};
const wizardBuild = await build({
  ...lineCommandBundle,
  entryPoints: ['flows/onboard/run.tsx'],
  outfile: join(out, 'wizard.cjs'),
  external: wizardExternal,
  plugins: [noDevtools, catalogueBeside, yogaWithoutFetch, plainTextWidth, withoutTopLevelAwait, lazyZod],
  define: { ...lineCommandBundle.define, 'process.env.NODE_ENV': '"production"' },
});
// SPEC 12: the exec resolver that keychain references name (OpenClaw runs it by absolute path, no shell).
const resolverBuild = await build({
  stdin: { contents: "import { main } from './src/cli/keychain-resolver.ts'; void main();", resolveDir: process.cwd(), loader: 'ts' },
  outfile: join(out, 'openclaw-keychain.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [catalogueBeside],
  banner: { js: '#!/usr/bin/env node' },
  minify: true,
  metafile: true,
  logLevel: 'warning',
});
await chmod(join(out, 'openclaw-keychain.cjs'), 0o755);
const vendorBuild = await buildVendor(importedPackages([cliBuild, fastBuild, wizardBuild]));
checkSelfContained([cliBuild, fastBuild, wizardBuild, vendorBuild, resolverBuild]);
await writeNotices([cliBuild, fastBuild, wizardBuild, vendorBuild, resolverBuild]);
// The launcher knows each bundle it starts by a hash of it: a code cache made for another build is never used.
const idOf = async (name) => createHash('sha256').update(await readFile(join(out, name))).digest('hex');
const launcher = (await readFile('src/launcher/openclaw.cjs', 'utf8'))
  .replace('__OPENCLAW_CLI_ID__', await idOf('cli.cjs'))
  .replace('__OPENCLAW_FAST_ID__', await idOf('fast.cjs'))
  .replace('__OPENCLAW_WIZARD_ID__', await idOf('wizard.cjs'))
  .replace('/* __OPENCLAW_FAST_PATH__ */', () => fastPathCode);
// Shipped without its comments and spaces: the launcher is the one file Node compiles from its text at every start
// (no code cache can hold it), and about half of its 12.7 kB was comment, scanned at each start.
const shippedLauncher = (await transform(launcher, { loader: 'js', format: 'cjs', target: 'node20', minifyWhitespace: true, legalComments: 'none' })).code;
await writeFile(join(out, 'openclaw.cjs'), shippedLauncher);
await chmod(join(out, 'openclaw.cjs'), 0o755);

// One representative run per bundle (status over a small store) compiles what its lines use; its code cache
// is saved next to the bundle, for the Node that builds (src/launcher/openclaw.cjs: other Nodes make their own).
// `models status` and `models auth token` run in dist/fast.cjs, each with a cache of its own (token with
// status's compiled ~2.5 ms more at run time); `models status --check` goes through commander in dist/cli.cjs
// (the cache of every command's line); `--help` makes the cache dist/cli.cjs takes for help (src/cli/fast-path.ts,
// lineKind). The command's cache holds no help since help has its own: without the whole tree built into it
// after the run, it is 353 kB, not 430, and `models status --check` starts ~0.8 ms sooner.
const state = await mkdtemp(join(tmpdir(), 'openclaw-build-'));
try {
  const agentDir = join(state, 'agents', 'main', 'agent');
  // Private, as the store makes them: a loose folder or store would put its tightening (and a warning on
  // stderr) into the cache, which the usual run never does.
  await mkdir(agentDir, { recursive: true, mode: 0o700 });
  // The kinds of profile most stores hold, each in the state most runs find it in, so that the functions
  // a usual status runs are compiled into the cache (each one compiled at run time instead cost ~0.05 ms).
  const profiles = {
    'anthropic:default': { type: 'token', provider: 'anthropic', token: 'build-cache', expires: Date.now() + 300 * 864e5 },
    'anthropic:work': { type: 'token', provider: 'anthropic', token: 'build-cache' },
    // A JWT, as Codex's access tokens are: its claims are read for the token's lifetime.
    'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: `e30.${Buffer.from(JSON.stringify({ exp: 2e9, iat: 1.9e9 })).toString('base64url')}.c2ln`, refresh: 'r', expires: Date.now() + 36e5, accountId: 'build' },
    'openai:default': { type: 'api_key', provider: 'openai', key: 'build-cache' },
  };
  await writeFile(join(agentDir, 'auth-profiles.json'), JSON.stringify({ version: 1, profiles }), { mode: 0o600 });
  // A second agent that shares main's OAuth grant by a link (SPEC 11) and has a grant of its own: its status
  // (the cache's run) finds the agent named by --agent, reads main's store for the link and looks into the
  // other agents' stores for a grant held twice, so that each of those is in the cache, with all a status of
  // main runs.
  await mkdir(join(state, 'agents', 'work', 'agent'), { recursive: true, mode: 0o700 });
  const { 'openai-codex:default': shared, ...others } = profiles;
  const work = { ...others, 'openai-codex:work': { ...shared, refresh: 'r2', accountId: 'build2' } };
  await writeFile(join(state, 'agents', 'work', 'agent', 'auth-profiles.json'), JSON.stringify({ version: 1, profiles: work, links: { 'openai-codex:default': { provider: 'openai-codex', agent: 'main' } } }), { mode: 0o600 });
  // A config, as OpenClaw writes one (its plugins section names none to load): reading it is in the cache too.
  await writeFile(join(state, 'openclaw.json'), JSON.stringify({ plugins: { load: { paths: [] } } }));
  for (const [cache, line] of [['fast', ['models', 'status', '--agent', 'work']], ['fast.token', ['models', 'auth', 'token', '--provider', 'openai-codex']], ['cli', ['models', 'status', '--check']], ['cli.help', ['--help']]]) {
    const run = spawnSync(process.execPath, [join(out, 'openclaw.cjs'), ...line], {
      env: { PATH: process.env.PATH, OPENCLAW_STATE_DIR: state, NO_COLOR: '1', OPENCLAW_BUILD_CODE_CACHE: cache },
      // Pipes, as most runs of a line command have (a script, a test): the output path that writes straight
      // to the descriptor (src/base/stdio.ts) is then compiled into the cache too; /dev/null would not run it.
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    // `--check` answers 0, 1 or 2 by the store's state: any of them ran the line; more is a failure.
    if (run.status === null || run.status > 2) throw new Error(`openclaw ${line.join(' ')} failed while making the ${cache} code cache (${run.status ?? run.signal}):\n${run.stderr}`);
  }
  await wizardToFirstPrompt(state);
  for (const name of ['cli.cjs', 'cli.cjs.help', 'fast.cjs', 'fast.cjs.token', 'wizard.cjs']) if (!existsSync(join(out, `${name}.cache`))) throw new Error(`no code cache dist/${name}.cache was made`);
} finally {
  await rm(state, { recursive: true, force: true });
}

/**
 * The wizard's cache is made after its first screen is drawn and ready for keys, in a pseudo-terminal (it
 * needs one), then Ctrl+C: what the first frame compiles is in it.
 */
async function wizardToFirstPrompt(state) {
  const { spawn } = await import('@lydell/node-pty');
  const env = { PATH: process.env.PATH, OPENCLAW_STATE_DIR: state, TERM: 'xterm-256color', OPENCLAW_BUILD_CODE_CACHE: 'wizard' };
  const pty = spawn(process.execPath, [join(out, 'openclaw.cjs'), 'onboard'], { name: 'xterm-256color', cols: 80, rows: 24, env });
  let output = '';
  let asked = false;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pty.kill('SIGKILL');
      reject(new Error(`the wizard did not reach its first prompt in 30 s, so its code cache was not made:\n${output.slice(-2000)}`));
    }, 30_000);
    pty.onData((data) => {
      output += data;
      if (asked || !output.includes('\u001b]2;openclaw onboard: agent\u0007') || !output.includes('Which agent')) return;
      // Once: a second Ctrl+C, after the wizard has let go of the terminal, would be SIGINT (no cache written).
      asked = true;
      pty.write('\u0003');
    });
    pty.onExit(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Every package the sources load with importPackage('<name>') becomes dist/vendor/<file>.mjs (see
 * vendorFile; the launcher maps the name to the file the same way). Each is its own bundle, loaded
 * only when its path runs: `models status` loads none of them. Its exports are those of Node's own
 * import() of the package (CommonJS ones included), so the sources see the same module either way.
 */
async function buildVendor(specifiers) {
  const dir = join(out, 'vendor');
  await mkdir(dir, { recursive: true });
  const stubs = {};
  for (const specifier of specifiers) {
    const names = Object.keys(await import(specifier)).filter((n) => n === 'default' || /^[A-Za-z_$][\w$]*$/.test(n));
    stubs[vendorFile(specifier)] = `export { ${names.join(', ')} } from ${JSON.stringify(specifier)};\n`;
  }
  const result = await build({
    entryPoints: Object.keys(stubs).map((file) => ({ in: `vendor-stub:${file}`, out: file.replace(/\.mjs$/, '') })),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // CommonJS inside an ES module: esbuild's require() shim needs a real require for node: built-ins.
    banner: { js: "import { createRequire as __ocCreateRequire } from 'node:module'; const require = __ocCreateRequire(import.meta.url);" },
    plugins: [
      {
        name: 'vendor-stubs',
        setup(b) {
          b.onResolve({ filter: /^vendor-stub:/ }, (args) => ({ path: args.path.slice('vendor-stub:'.length), namespace: 'vendor-stub' }));
          b.onLoad({ filter: /.*/, namespace: 'vendor-stub' }, (args) => ({ contents: stubs[args.path], loader: 'js', resolveDir: process.cwd() }));
        },
      },
    ],
    minify: true,
    metafile: true,
    logLevel: 'warning',
  });
  // `open` runs its own copy of xdg-open (next to its module) when the system has none.
  if (specifiers.includes('open')) {
    await copyFile(join(dirname(fileURLToPath(import.meta.resolve('open'))), 'xdg-open'), join(dir, 'xdg-open'));
    await chmod(join(dir, 'xdg-open'), 0o755);
  }
  return result;
}

/**
 * The package names passed literally to importPackage() in the sources of these bundles (esbuild's
 * list of inputs, so wherever the sources move, what is bundled is what is scanned).
 */
function importedPackages(results) {
  const found = new Set();
  for (const { metafile } of results) {
    for (const input of Object.keys(metafile.inputs)) {
      if (input.includes('node_modules/') || !/\.[cm]?[jt]sx?$/.test(input) || !existsSync(input)) continue;
      for (const m of readFileSync(input, 'utf8').matchAll(/importPackage\s*(?:<[^>]*>)?\(\s*(['"])([^'"]+)\1/g)) {
        if (!/^(?:[./]|node:|file:|data:)/.test(m[2])) found.add(m[2]);
      }
    }
  }
  return [...found].sort();
}

/** '@mariozechner/pi-ai/oauth' -> 'mariozechner+pi-ai+oauth.mjs' (npm names never contain '+'). */
function vendorFile(specifier) {
  return `${specifier.replace(/^@/, '').replaceAll('/', '+')}.mjs`;
}

/** The bundles may import Node's built-ins, each other and nothing else: no package is installed beside them. */
function checkSelfContained(results) {
  const builtins = new Set(builtinModules);
  const problems = [];
  for (const { metafile } of results) {
    for (const [output, meta] of Object.entries(metafile.outputs)) {
      for (const imp of meta.imports) {
        if (!imp.external) continue;
        // node:sqlite and other node: modules newer than this Node count too (undici asks for them lazily).
        if (imp.path.startsWith('node:') || builtins.has(imp.path) || builtins.has(imp.path.split('/')[0])) continue;
        // Files of ours beside the bundles (the catalogue of another language).
        if (imp.path.startsWith('./i18n/')) continue;
        problems.push(`${output} imports ${imp.path}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`bundles import packages that are not shipped:\n  ${problems.join('\n  ')}`);
}

/**
 * dist/THIRD_PARTY_NOTICES: name, version, licence and licence text of every package with code in
 * the bundles (from esbuild's list of inputs), as their licences ask of copies.
 */
async function writeNotices(results) {
  const packages = new Map();
  for (const { metafile } of results) {
    for (const input of Object.keys(metafile.inputs)) {
      const file = resolve(input.replace(/^[a-z-]+:/, ''));
      const at = file.lastIndexOf(`${sep}node_modules${sep}`);
      if (at < 0) continue;
      // The package's folder: node_modules/name or node_modules/@scope/name.
      const rest = file.slice(at + '/node_modules/'.length).split(sep);
      const root = file.slice(0, at + '/node_modules/'.length) + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join(sep);
      if (!packages.has(root)) packages.set(root, null);
    }
  }
  const sections = [];
  for (const root of [...packages.keys()].sort()) {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(root).find((f) => /^(licen[cs]e|copying|notice)(\.|-|$)/i.test(f));
    const text = licenceFile ? readFileSync(join(root, licenceFile), 'utf8').trim() : `(the package has no licence file; its package.json says ${pkg.license ?? 'nothing'})`;
    sections.push(`${pkg.name} ${pkg.version} (${pkg.license ?? 'licence unknown'})\n\n${text}\n`);
  }
  const rule = `\n${'-'.repeat(72)}\n\n`;
  const header = `Third-party notices\n\nThe bundles beside this file (dist/) contain code from the ${sections.length} packages below.\n`;
  await writeFile(join(out, 'THIRD_PARTY_NOTICES'), header + rule + sections.join(rule));
}
