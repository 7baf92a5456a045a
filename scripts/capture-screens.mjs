// Captures the wizard's screens for the README from the real program: the built CLI in a 60×40
// pseudo-terminal with NO_COLOR, against the fake OpenAI issuer, its output rendered by a terminal
// emulator (xterm.js). Writes them between <!-- screens:start --> and <!-- screens:end --> in README.md
// (English), or between <!-- screens:zh-Hant:start --> and <!-- screens:zh-Hant:end --> with --lang zh-Hant.
//
//   node scripts/capture-screens.mjs [--lang en|zh-Hant]          (after npm run build; OPENCLAW_DIST picks another build)
//   node scripts/capture-screens.mjs [--lang en|zh-Hant] --check  (exit 1 if the README is out of date)
//
// What changes from run to run (the URL's state and code_challenge, the temp dir, dates, the spinner)
// is masked with text of the same length, so that wrapping stays as drawn and reruns give the same README.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { startIssuer } from '../test/support/issuer.mjs';
import { startProbeStandin } from '../test/support/probe-standin.mjs';
import { KEY, paste, urlUnder, watchWizard } from '../test/support/terminal.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, process.env.OPENCLAW_DIST || 'dist', 'openclaw.cjs');
const REDIRECT_FETCH = join(ROOT, 'test', 'support', 'redirect-fetch.mjs');
// The providers' probe endpoints (issue 21: a sign-in is checked) go to a local stand-in too.
const REDIRECT_PROBES = join(ROOT, 'test', 'support', 'redirect-probes.mjs');
const README = join(ROOT, 'README.md');
const LANG = process.argv.includes('--lang') ? process.argv[process.argv.indexOf('--lang') + 1] : 'en';

/** What each language's screens say where the script waits, and the captions under them. */
const TEXT = {
  en: {
    marker: 'screens',
    agent: 'Create a new agent…',
    choice: 'Skip for now',
    length: (n) => `(${n} characters)`,
    name: 'Profile name',
    codex: /Paste the address .* Waiting for the pasted address/,
    relogin: /needs signing in again.*Paste the address .* Waiting for the pasted address/,
    finish: 'Enter finish',
    statusTitle: 'Agent main: status',
    link: 'Open this link to sign in:',
    portBusy: 'Port 1455 is in use',
    captions: {
      agent: 'Agent: the agents in the state dir, and a new one; `main` is preselected (`--agent` skips this).',
      choice: "Auth choice: each line shows this agent's current state for that provider.",
      setupToken: 'Setup-token: run `claude setup-token` anywhere and paste the token; it is never drawn, only its length.',
      codex: 'OpenAI Codex over SSH: nothing is launched; open the link locally and paste back where it lands, or forward the port.',
      relogin: 'Guided re-login: `openclaw onboard` opens on the profile that needs it, and keeps its id.',
      status: "Status: the agent's profiles, the active one per provider, the file written, what to run next.",
    },
  },
  'zh-Hant': {
    marker: 'screens:zh-Hant',
    agent: '建立新的代理程式…',
    choice: '暫時略過',
    length: (n) => `（${n} 個字元）`,
    name: '設定檔名稱',
    codex: /貼上瀏覽器最後停留的網址： .* 等待貼上網址/,
    relogin: /需要重新登入.*貼上瀏覽器最後停留的網址： .* 等待貼上網址/,
    finish: 'Enter 完成',
    statusTitle: '代理程式 main：狀態',
    link: '開啟這個連結登入：',
    portBusy: '連接埠 1455 已被占用',
    captions: {
      agent: '代理程式：狀態目錄中的代理程式，以及建立新的代理程式；預設選取 `main`（`--agent` 可略過這一步）。',
      choice: '登入方式：每一行顯示這個代理程式在該供應商的目前狀態。',
      setupToken: 'Setup-token：在任何地方執行 `claude setup-token` 並貼上權杖；權杖不會顯示，只顯示長度。',
      codex: '透過 SSH 登入 OpenAI Codex：不開啟任何程式；在本機開啟連結並貼回最後停留的網址，或轉送連接埠。',
      relogin: '引導重新登入：`openclaw onboard` 直接開在需要重新登入的設定檔上，並沿用它的 id。',
      status: '狀態：代理程式的設定檔、各供應商使用中的設定檔、寫入的檔案，以及下一步可執行的指令。',
    },
  },
}[LANG];
if (!TEXT) {
  process.stderr.write(`--lang takes en or zh-Hant, not ${LANG}\n`);
  process.exit(2);
}
const START = `<!-- ${TEXT.marker}:start -->`;
const END = `<!-- ${TEXT.marker}:end -->`;
const SIZE = { cols: 60, rows: 40 };
const SSH = { SSH_CONNECTION: '203.0.113.7 50022 10.0.0.2 22' };
const STEP_MS = 20_000;
// Shaped like a setup-token; never a real one.
const TOKEN = `sk-ant-oat01-${'Xy7Qw2Lm9Rt4Vb6N'.repeat(6)}`;

if (!existsSync(CLI)) {
  process.stderr.write(`No build at ${CLI}: run npm run build first (or set OPENCLAW_DIST).\n`);
  process.exit(1);
}

// Access tokens valid for 10 days: the status screen then says "expires in 9d 23h" on every run.
const issuer = await startIssuer({ expiresIn: 10 * 86_400 });
const probes = await startProbeStandin();
// Under /tmp rather than os.tmpdir(), so that the path has the same shape on every machine.
const home = await mkdtemp('/tmp/openclaw-');
const stateDir = join(home, '.openclaw');
const storeFile = join(stateDir, 'agents', 'main', 'agent', 'auth-profiles.json');
/** Same-length replacements for what differs between runs. */
const masks = new Map([[home, `/tmp/openclaw-${'X'.repeat(home.length - '/tmp/openclaw-'.length)}`]]);
const screens = [];

function start(args, env = {}) {
  const pty = spawn(process.execPath, ['--import', REDIRECT_FETCH, '--import', REDIRECT_PROBES, CLI, 'onboard', ...args], {
    name: 'xterm-256color',
    ...SIZE,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      LANG: LANG === 'en' ? 'C.UTF-8' : 'zh_TW.UTF-8',
      TERM: 'xterm-256color',
      NO_COLOR: '1',
      BROWSER: 'none',
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_TEST_ISSUER: issuer.url,
      OPENCLAW_TEST_PROBES: probes.url,
      ...env,
    },
  });
  return { pty, ...watchWizard(pty, SIZE) };
}

/** Replaces `find` with `replacement` (same length) where it appears, also across a line break. */
function maskAcross(lines, find, replacement) {
  const cells = lines.flatMap((line, row) => [...line].map((ch, col) => ({ ch, row, col })));
  const flat = cells.map((c) => c.ch).join('');
  const rows = lines.map((line) => [...line]);
  for (let at = flat.indexOf(find); at >= 0; at = flat.indexOf(find, at + find.length)) {
    [...replacement].forEach((ch, i) => {
      const cell = cells[at + i];
      rows[cell.row][cell.col] = ch;
    });
  }
  return rows.map((row) => row.join(''));
}

/** `from`: the screen's own first line, when what is above it (the previous step, scrolled up) is left out. */
async function capture(session, caption, from) {
  let lines = await session.screen();
  if (from !== undefined) {
    const at = lines.findIndex((line) => line.startsWith(from));
    if (at < 0) throw new Error(`"${caption}": no line starts with ${from}:\n${lines.join('\n')}`);
    lines = lines.slice(at);
  }
  if (lines.join(' ').includes(TEXT.portBusy)) throw new Error('port 1455 is taken (are tests running?): run this again when it is free');
  if ((await session.softWrappedInsideWords()) > 0) throw new Error(`"${caption}": a line is wider than ${SIZE.cols} columns:\n${lines.join('\n')}`);
  for (const [find, replacement] of masks) lines = maskAcross(lines, find, replacement);
  lines = lines.map((line) =>
    line
      .replace(/\d{4}-\d{2}-\d{2}/g, 'YYYY-MM-DD')
      // A usage window's reset: the time of day of the run (same length: wrapping stays as drawn).
      .replace(/YYYY-MM-DD \d{2}:\d{2}/g, 'YYYY-MM-DD hh:mm')
      .replace(/\b\d{2}:\d{2} UTC/g, 'hh:mm UTC')
      .replace(/\d{4}年\d{1,2}月\d{1,2}日/g, 'YYYY年MM月DD日')
      .replace(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g, '⠋')
      .trimEnd(),
  );
  screens.push({ caption, lines });
}

/** Masks the authorize URL's random parameters, and returns the address the browser lands on. */
async function followUrl(session) {
  const url = new URL(urlUnder(await session.screen(), TEXT.link));
  for (const name of ['state', 'code_challenge']) {
    const value = url.searchParams.get(name);
    masks.set(value, 'x'.repeat(value.length));
  }
  const response = await fetch(url.href.replace(/^https:\/\/auth\.openai\.com/, issuer.url), { redirect: 'manual' });
  const location = response.headers.get('location');
  if (!location) throw new Error(`the test issuer gave no redirect (${response.status})`);
  return location;
}

async function finish(session) {
  await session.keys('status', KEY.enter, { timeoutMs: STEP_MS });
  const { exitCode } = await session.exited;
  if (exitCode !== 0) throw new Error(`the wizard exited with ${exitCode}`);
  session.dispose();
}

const running = new Set();
async function flow(args, env, steps) {
  const session = start(args, env);
  running.add(session);
  try {
    await steps(session);
  } finally {
    running.delete(session);
  }
}

try {
  // First run: a fresh state dir, the setup-token.
  await flow([], {}, async (s) => {
    await s.waitStep('agent');
    await s.waitScreen(TEXT.agent);
    await capture(s, TEXT.captions.agent);
    await s.keys('agent', KEY.enter);
    await s.waitStep('auth-choice');
    await s.waitScreen(TEXT.choice);
    await capture(s, TEXT.captions.choice);
    await s.keys('auth-choice', KEY.enter);
    await s.waitStep('setup-token');
    s.pty.write(paste(TOKEN));
    await s.waitScreen(TEXT.length(TOKEN.length));
    await capture(s, TEXT.captions.setupToken);
    s.pty.write(KEY.enter);
    await s.waitScreen(TEXT.name);
    await s.keys('setup-token-name', KEY.enter);
    await s.waitStep('status', { timeoutMs: STEP_MS });
    await finish(s);
  });

  // Over SSH: the whole link, the tunnel hint and the paste field; signed in by a paste.
  await flow(['--agent', 'main'], SSH, async (s) => {
    await s.keys('auth-choice', KEY.down + KEY.enter);
    await s.waitStep('codex');
    await s.waitScreen(TEXT.codex);
    const callback = await followUrl(s);
    await capture(s, TEXT.captions.codex);
    s.pty.write(paste(callback) + KEY.enter);
    await s.waitStep('status', { timeoutMs: STEP_MS });
    await finish(s);
  });

  // Re-login: the provider refused the Codex refresh token, so the next run opens on that profile.
  const store = JSON.parse(await readFile(storeFile, 'utf8'));
  store.usageStats = { ...store.usageStats, 'openai-codex:default': { reloginRequired: { since: Date.now(), reason: 'refresh_token_reused' } } };
  await writeFile(storeFile, JSON.stringify(store, null, 2), { mode: 0o600 });
  await flow(['--agent', 'main'], SSH, async (s) => {
    await s.waitStep('codex');
    await s.waitScreen(TEXT.relogin);
    const callback = await followUrl(s);
    await capture(s, TEXT.captions.relogin);
    s.pty.write(paste(callback) + KEY.enter);
    await s.waitStep('status', { timeoutMs: STEP_MS });
    await s.waitScreen(TEXT.finish);
    await capture(s, TEXT.captions.status, TEXT.statusTitle);
    await finish(s);
  });
} catch (error) {
  for (const session of running) session.pty.kill();
  throw error;
} finally {
  await issuer.close();
  await probes.close();
  await rm(home, { recursive: true, force: true });
}

const block = screens.map(({ caption, lines }) => `${caption}\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\``).join('\n\n');
const readme = await readFile(README, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END}`);
const next = `${readme.slice(0, from + START.length)}\n${block}\n${readme.slice(to)}`;
if (process.argv.includes('--check')) {
  if (next !== readme) {
    process.stderr.write(`README.md screens are out of date: run node scripts/capture-screens.mjs --lang ${LANG}\n`);
    process.exitCode = 1;
  }
} else if (next !== readme) {
  await writeFile(README, next);
  process.stdout.write(`README.md: ${screens.length} screens written\n`);
} else {
  process.stdout.write('README.md: screens unchanged\n');
}
