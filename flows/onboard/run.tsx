import { render } from 'ink';
import { makeTheme } from '../../components/theme.js';
import { chooseLang, useLang } from '../../src/base/i18n/index.js';
import type { Env } from '../../src/base/io.js';
import { terminalFacts } from '../../src/base/terminal.js';
import { OnboardApp, type ExitStep } from './App.js';
import { createDeps } from './real-deps.js';
import type { Options } from './state.js';

export interface WizardIo {
  env: Env;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Waits for running effects (a loopback server closing) at most this long after the wizard ends. */
const SETTLE_MS = 3000;

/** Runs the wizard in one Ink render and resolves with its exit code, after the screen is torn down. */
export async function runWizard(options: Options, io: WizardIo): Promise<number> {
  // In the wizard's bundle yoga-layout loads its WebAssembly in the background (scripts/bundle-plugins.mjs,
  // withoutTopLevelAwait); run from source it is there already, and this is undefined.
  await (globalThis as Record<symbol, Promise<void> | undefined>)[Symbol.for('openclaw.yogaReady')];
  // The wizard is its own bundle with its own catalogue state: it chooses the language from the same env.
  const restore = await useLang(chooseLang(io.env));
  try {
    return await wizard(options, io);
  } finally {
    restore();
  }
}

async function wizard(options: Options, io: WizardIo): Promise<number> {
  const warnings: string[] = [];
  // Shown after the last frame, each once: the agent screen's listing and the agent's loading read the same files.
  const deps = createDeps(io.env, (line) => void (warnings.includes(line) || warnings.push(line)), options.agent);
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  let result: ExitStep = { kind: 'exit', code: 130, message: null };
  // A terminal that reports 0×0 (docker exec -t, kubectl exec, before the first resize): Ink would lay every
  // line out one character wide. It counts as 80×24 until it tells its size (Node updates both on resize).
  if (io.stdout.isTTY && !io.stdout.columns) Object.assign(io.stdout, { columns: 80, rows: io.stdout.rows || 24 });
  // The title names the screen while the wizard runs (xterm's title stack puts the user's back after).
  if (io.stdout.isTTY) io.stdout.write('\u001b[22;0t');
  const onStep = (screen: string) => {
    if (io.stdout.isTTY) io.stdout.write(`\u001b]2;openclaw onboard: ${screen}\u0007`);
  };
  const instance = render(
    <OnboardApp deps={deps} options={options} theme={makeTheme(terminalFacts(io.env))} onExit={(exit) => (result = exit)} track={track} onStep={onStep} />,
    { stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
  if (io.stdout.isTTY) io.stdout.write('\u001b[23;0t');
  await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, SETTLE_MS).unref())]);
  for (const line of warnings) io.stderr.write(`openclaw: ${line}\n`);
  if (result.message) (result.code === 0 ? io.stdout : io.stderr).write(`${result.message}\n`);
  return result.code;
}
