import { readdir, readFile, readlink } from '../base/fs.js';
import { builtin } from './import.js';

/** The process that listens on a local port, as far as this machine lets us see it. */
export interface PortHolder {
  pid: number;
  /** Its command line (or name), as the system reports it; the caller makes it safe to show. */
  command: string;
}

/**
 * Who holds `port` (listening, on any local address), when that can be found: on Linux from /proc (the
 * listening sockets in /proc/net/tcp and tcp6, then the process with that socket open: only our own
 * processes' descriptors are readable, unless we are root), else from `lsof` where it exists. Null when
 * neither tells.
 */
export async function portHolder(port: number): Promise<PortHolder | null> {
  return (await fromProc(port).catch(() => null)) ?? (await fromLsof(port).catch(() => null));
}

/** Inodes of the sockets listening on `port`, from /proc/net/tcp and tcp6. */
async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // 0A: LISTEN.
      if (local?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9] && fields[9] !== '0') inodes.add(fields[9]);
    }
  }
  return inodes;
}

async function fromProc(port: number): Promise<PortHolder | null> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return null;
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => '');
      if (wanted.has(link)) return { pid: Number(entry), command: await commandOf(entry) };
    }
  }
  return null;
}

async function commandOf(pid: string): Promise<string> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const command = cmdline.split('\0').filter(Boolean).join(' ');
  if (command) return command;
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
}

async function fromLsof(port: number): Promise<PortHolder | null> {
  // Loaded here: the start-up paths (`--help`, `models auth token`) import the sign-in that uses it.
  const { execFile } = await builtin<typeof import('node:child_process')>('node:child_process');
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { timeout: 3000 }, (error, stdout) => {
      if (error && !stdout) return resolve(null);
      // -F output: one field a line, p<pid> then c<command>.
      const pid = /^p(\d+)$/m.exec(stdout)?.[1];
      const command = /^c(.*)$/m.exec(stdout)?.[1] ?? '';
      resolve(pid ? { pid: Number(pid), command } : null);
    });
  });
}
