import { rmSync } from 'node:fs';
import { tempDir } from './home.js';
import { chmod, lstat, mkdtemp, open, readdir, rm } from '../base/fs.js';
import { join } from 'node:path';
import { lang, t } from '../base/i18n/index.js';

/** How long the forwarding page stays: long enough for a browser to start cold and read it. */
export const FORWARD_KEEP_MS = 60_000;
const PREFIX = 'openclaw-signin-';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
// JSON is a JavaScript literal; '<' escaped so the URL cannot close the script element.
const jsString = (text: string) => JSON.stringify(text).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** A page that sends the browser on to `url` at once (meta refresh, and script for browsers that prefer it). */
export function forwardingPage(url: string): string {
  const href = escapeHtml(url);
  return [
    '<!doctype html>',
    `<html lang="${lang()}"><head><meta charset="utf-8">`,
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    `<title>${escapeHtml(t('browserPage.title'))}</title>`,
    `<script>location.replace(${jsString(url)});</script>`,
    '</head><body>',
    `<p>${escapeHtml(t('browserPage.continuing'))} <a href="${href}">${escapeHtml(t('browserPage.continue'))}</a></p>`,
    '</body></html>',
    '',
  ].join('\n');
}

const pending = new Set<string>();
let exitHook = false;

/**
 * SPEC 7: the authorize URL carries the login's `state` and PKCE challenge, so it must not go on a
 * command line (every local user can read argv with `ps`). It goes in a 0600 file in a fresh 0700
 * directory, and the browser is given that file's path. The directory is removed after `keepMs`, or
 * when the process exits, whichever comes first.
 */
export async function writeForwardingFile(url: string, keepMs = FORWARD_KEEP_MS, parent = tempDir()): Promise<string> {
  await removeLeftovers(parent, keepMs);
  const dir = await mkdtemp(join(parent, PREFIX));
  pending.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const d of pending) rmSync(d, { recursive: true, force: true });
    });
  }
  await chmod(dir, 0o700);
  const file = join(dir, 'sign-in.html');
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(forwardingPage(url), 'utf8');
  } finally {
    await handle.close();
  }
  setTimeout(() => removeForwardingDir(dir), keepMs).unref();
  return file;
}

/**
 * Pages of earlier sign-ins that were killed before they could clean up (SIGKILL, a closed terminal): ours,
 * older than `keepMs`, removed by the next sign-in, as the store's temp files are by the next write.
 */
async function removeLeftovers(parent: string, keepMs: number): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const uid = process.getuid?.();
  await Promise.all(
    names
      .filter((name) => name.startsWith(PREFIX))
      .map(async (name) => {
        const dir = join(parent, name);
        const info = await lstat(dir).catch(() => null);
        if (!info?.isDirectory() || (uid !== undefined && info.uid !== uid) || Date.now() - info.mtimeMs < keepMs) return;
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }),
  );
}

function removeForwardingDir(dir: string): void {
  pending.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}
