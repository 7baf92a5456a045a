import {
  chmodSync,
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';

/**
 * The promise forms of the file calls the store and the commands make, each done synchronously (its error
 * a rejection, with node:fs's `code`). Two costs of Node's own asynchronous forms are avoided:
 * - node:fs/promises: on Node 20, loading it loads readline (for FileHandle.readLines) and the stream
 *   modules, about 2 ms of every command's start;
 * - the first asynchronous call of a process starts libuv's four worker threads, and on a busy machine each
 *   call then waits for one of them to be scheduled: 0.5 ms at best, several ms under load, for reads of
 *   files of a few kB that take microseconds done in place (`models status` makes about ten).
 * test/e2e/start-up.test.ts pins the modules the start-up paths load.
 */
type Promises = typeof import('node:fs/promises');

/**
 * `fn`'s result as a promise, its throw as a rejection. Looked up at call time, so that tests can spy on
 * node:fs (and syncBuiltinESMExports). Named imports, not `import * as fs`: in the CommonJS bundle a namespace
 * import of node:fs is a copy of its hundred-odd properties made at load, ~0.3 ms of every start.
 */
const inPlace =
  (fn: () => (...a: never[]) => unknown) =>
  async (...args: unknown[]): Promise<never> =>
    (fn() as (...a: unknown[]) => never)(...args);

export const readFile = inPlace(() => readFileSync) as Promises['readFile'];
export const stat = inPlace(() => statSync) as Promises['stat'];
export const lstat = inPlace(() => lstatSync) as Promises['lstat'];
/**
 * stat() that answers a missing file with undefined rather than an error: the first error of a process costs
 * ~0.5 ms to make (Node's error machinery is set up on first use), and a status looks for files that are
 * usually not there (auth.json, openclaw.json). Any other failure (ENOTDIR, EACCES) is still thrown.
 */
export const statIfThere = async (path: string): Promise<Stats | undefined> => statNowIfThere(path);
/** lstat() likewise. */
export const lstatIfThere = async (path: string): Promise<Stats | undefined> => lstatNowIfThere(path);
/**
 * statIfThere and lstatIfThere without the promise, for the ownership checks (src/store/ownership.ts) that
 * `agents list` makes for each agent: as async functions, V8's optimizing compiler spent 20-28 ms on each of
 * them over 500 agents, and the process waited for it before it could exit.
 */
export function statNowIfThere(path: string): Stats | undefined {
  return statSync(path, { throwIfNoEntry: false });
}
export function lstatNowIfThere(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}
export const realpath = (async (path: string) => realpathSync.native(path)) as Promises['realpath'];
export const readdir = inPlace(() => readdirSync) as Promises['readdir'];
export const mkdir = inPlace(() => mkdirSync) as Promises['mkdir'];
export const mkdtemp = inPlace(() => mkdtempSync) as Promises['mkdtemp'];
export const rename = inPlace(() => renameSync) as Promises['rename'];
export const rm = inPlace(() => rmSync) as Promises['rm'];
export const chmod = inPlace(() => chmodSync) as Promises['chmod'];
export const link = inPlace(() => linkSync) as Promises['link'];
export const unlink = inPlace(() => unlinkSync) as Promises['unlink'];
export const readlink = inPlace(() => readlinkSync) as Promises['readlink'];

/** What this project does with an open file (the part of node:fs/promises' FileHandle in use). */
export interface FileHandle {
  readonly fd: number;
  chmod(mode: number): Promise<void>;
  stat(): Promise<Stats>;
  sync(): Promise<void>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(bytes: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  writeFile(data: string, encoding: BufferEncoding): Promise<void>;
  close(): Promise<void>;
}

export async function open(path: string, flags: string | number, mode?: number): Promise<FileHandle> {
  const fd = openSync(path, flags, mode);
  return {
    fd,
    chmod: async (to) => fchmodSync(fd, to),
    stat: async () => fstatSync(fd),
    sync: async () => fsyncSync(fd),
    read: async (buffer, offset, length, position) => ({ bytesRead: readSync(fd, buffer, offset, length, position) }),
    write: async (bytes, offset, length, position) => ({ bytesWritten: writeSync(fd, bytes, offset, length, position) }),
    truncate: async (length) => ftruncateSync(fd, length),
    writeFile: async (data, encoding) => writeFileSync(fd, data, encoding),
    close: async () => closeSync(fd),
  };
}
