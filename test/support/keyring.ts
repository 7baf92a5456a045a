import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lacks } from './tools.js';

/** What a test of the Secret Service needs and may lack (`.ci/run` installs them). */
export const KEYRING_TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'];
export const missingKeyringTools = (): string[] => KEYRING_TOOLS.filter(lacks);

export interface Keyring {
  /** DBUS_SESSION_BUS_ADDRESS and the HOME the keyring keeps its files in: give these to the CLI. */
  env: Record<string, string>;
  /** secret-tool with the session's environment (its own exit code and output). */
  secretTool: (args: string[], input?: string) => { status: number | null; stdout: string };
  stop: () => Promise<void>;
}

/**
 * A private D-Bus session bus with GNOME Keyring on it, its login keyring created and unlocked with a
 * password given on stdin, in a HOME of its own. Stopping the bus ends the keyring daemon with it.
 */
export async function startKeyring(): Promise<Keyring> {
  const home = await mkdtemp(join(tmpdir(), 'openclaw-keyring-'));
  const base = { PATH: process.env.PATH!, HOME: home, XDG_RUNTIME_DIR: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') };
  const bus = spawnSync('dbus-daemon', ['--session', '--fork', '--nopidfile', '--print-address=1', '--print-pid=1'], { env: base, encoding: 'utf8', timeout: 20_000 });
  const [address, pid] = bus.stdout.trim().split('\n');
  if (bus.status !== 0 || !address || !pid) throw new Error(`dbus-daemon did not start: ${bus.stderr}`);
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
  const keyring = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env, input: 'test-keyring-password', stdio: ['pipe', 'ignore', 'ignore'], timeout: 20_000 });
  if (keyring.status !== 0) throw new Error('gnome-keyring-daemon --unlock failed');
  const secretTool = (args: string[], input?: string) => {
    const r = spawnSync('secret-tool', args, { env, input: input ?? '', encoding: 'utf8', timeout: 20_000 });
    return { status: r.status, stdout: r.stdout };
  };
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_RUNTIME_DIR: home },
    secretTool,
    stop: async () => {
      try {
        process.kill(Number(pid), 'SIGTERM');
      } catch {
        // Already gone.
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}
