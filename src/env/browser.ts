import { t } from '../base/i18n/index.js';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { builtin, importPackage } from './import.js';
import type { Env } from '../base/io.js';
import { writeForwardingFile } from './browser-page.js';

export type BrowserLaunch =
  | { kind: 'opened'; via: string }
  | { kind: 'disabled' }
  | { kind: 'failed'; detail: string };

/** `$BROWSER` as a command line: a path that exists as is, else words; `%s` marks where the page goes. */
function browserCommand(value: string, url: string): [string, string[]] {
  if (existsSync(value)) return [value, [url]];
  const words = value.trim().split(/\s+/);
  const args = words.slice(1);
  return args.some((a) => a.includes('%s'))
    ? [words[0]!, args.map((a) => a.replace('%s', url))]
    : [words[0]!, [...args, url]];
}

/** Resolves once the process has started or failed to, without waiting for it to exit. */
function started(child: ChildProcess): Promise<string | null> {
  return new Promise((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (error) => resolve(error.message));
  });
}

/**
 * Opens `url` in the user's browser: `$BROWSER` when set (`none` opens nothing), else the `open`
 * package. The browser is given a private file that forwards to the URL, never the URL itself (see
 * writeForwardingFile). A failure is reported, never thrown: the URL is on screen either way.
 */
export async function openBrowser(url: string, env: Env, options: { keepMs?: number } = {}): Promise<BrowserLaunch> {
  const configured = env.BROWSER?.trim();
  if (configured === 'none') return { kind: 'disabled' };
  try {
    const page = await writeForwardingFile(url, options.keepMs);
    if (configured) {
      const [command, args] = browserCommand(configured, page);
      // Loaded here: every `--help` assembles the commands that can open a browser.
      const { spawn } = await builtin<typeof import('node:child_process')>('node:child_process');
      const child = spawn(command, args, { detached: true, stdio: 'ignore', env: { ...env } });
      const failure = await started(child);
      child.unref();
      return failure ? { kind: 'failed', detail: failure } : { kind: 'opened', via: `$BROWSER (${command})` };
    }
    // `open` waits for its launcher to start and rejects when it cannot.
    const open = (await importPackage<typeof import('open')>('open')).default;
    await open(page, { wait: false });
    return { kind: 'opened', via: t('browser.system') };
  } catch (error) {
    return { kind: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}
