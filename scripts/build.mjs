// Bundles the CLI into one CommonJS file with esbuild, then records V8's code cache for it.
// Measured on Node 20 (`npm run bench`): a single CJS bundle starts `openclaw models status` about 10 ms
// sooner than tsc's one-file-per-module ESM, and the code cache saves about 6 ms more. pi-ai and the
// prompt library stay external, loaded with import() only on the paths that need them; the wizard is
// a second bundle.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// OPENCLAW_DIST lets parallel work build elsewhere (inside the repo, so that node_modules resolves).
const out = process.env.OPENCLAW_DIST || 'dist';

const external = [
  'ink', 'react', 'react/jsx-runtime', 'ink-testing-library',
  '@mariozechner/pi-ai', '@mariozechner/pi-ai/*', '@clack/prompts', 'open', 'undici', 'node-pty',
  // Needed only when writing (the lock) or when a config file exists: kept out of the bundle so that
  // reading commands do not even parse them.
  'proper-lockfile', 'json5',
];

const { version } = JSON.parse(await readFile('package.json', 'utf8'));

await rm(out, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/entry.ts'],
  define: { OPENCLAW_VERSION: JSON.stringify(version) },
  outfile: join(out, 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  external,
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
// The wizard: its own ES module, imported by `onboard` only. Ink and React are bundled into it, in
// React's production build: importing Ink from node_modules took 300-370 ms (es-toolkit/compat alone
// opens 416 files), the bundle about 80 ms, so the first frame comes in ~140 ms instead of ~400 ms.
const wizardExternal = external.filter((name) => !['ink', 'react', 'react/jsx-runtime'].includes(name));
// Ink loads react-devtools-core (and ws) only when DEV=true; keep them out of the bundle.
const noDevtools = {
  name: 'no-devtools',
  setup(b) {
    b.onResolve({ filter: /^(react-devtools-core|ws)$/ }, (args) => ({ path: args.path, namespace: 'devtools-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'devtools-stub' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};
await build({
  entryPoints: ['flows/onboard/run.tsx'],
  outfile: join(out, 'wizard.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  external: wizardExternal,
  plugins: [noDevtools],
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink's dependency signal-exit calls require('assert') and require('events').
  banner: { js: "import { createRequire as __ocCreateRequire } from 'node:module'; const require = __ocCreateRequire(import.meta.url);" },
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
await copyFile('src/launcher/openclaw.cjs', join(out, 'openclaw.cjs'));
await chmod(join(out, 'openclaw.cjs'), 0o755);

// One representative run (status over a small store) compiles what line commands use; its code cache
// is saved next to the bundle.
const state = await mkdtemp(join(tmpdir(), 'openclaw-build-'));
try {
  const agentDir = join(state, 'agents', 'main', 'agent');
  await mkdir(agentDir, { recursive: true });
  const profiles = {
    'anthropic:default': { type: 'token', provider: 'anthropic', token: 'build-cache', expires: Date.now() + 864e5 },
    'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'a', refresh: 'r', expires: 0 },
  };
  await writeFile(join(agentDir, 'auth-profiles.json'), JSON.stringify({ version: 1, profiles }));
  execFileSync(process.execPath, [join(out, 'openclaw.cjs'), 'models', 'status'], {
    env: { PATH: process.env.PATH, OPENCLAW_STATE_DIR: state, NO_COLOR: '1', OPENCLAW_BUILD_CODE_CACHE: '1' },
    stdio: 'ignore',
  });
} finally {
  await rm(state, { recursive: true, force: true });
}
