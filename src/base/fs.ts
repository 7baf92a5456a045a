import * as fs from 'node:fs';

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

/** `fn`'s result as a promise, its throw as a rejection. Looked up at call time, so that tests can spy on node:fs. */
const inPlace =
  <K extends keyof typeof fs>(name: K) =>
  async (...args: unknown[]): Promise<never> =>
    (fs[name] as (...a: unknown[]) => never)(...args);

export const readFile = inPlace('readFileSync') as Promises['readFile'];
export const stat = inPlace('statSync') as Promises['stat'];
export const lstat = inPlace('lstatSync') as Promises['lstat'];
export const realpath = (async (path: string) => fs.realpathSync.native(path)) as Promises['realpath'];
export const readdir = inPlace('readdirSync') as Promises['readdir'];
export const mkdir = inPlace('mkdirSync') as Promises['mkdir'];
export const mkdtemp = inPlace('mkdtempSync') as Promises['mkdtemp'];
export const rename = inPlace('renameSync') as Promises['rename'];
export const rm = inPlace('rmSync') as Promises['rm'];
export const chmod = inPlace('chmodSync') as Promises['chmod'];
export const link = inPlace('linkSync') as Promises['link'];
export const unlink = inPlace('unlinkSync') as Promises['unlink'];
export const readlink = inPlace('readlinkSync') as Promises['readlink'];

/** What this project does with an open file (the part of node:fs/promises' FileHandle in use). */
export interface FileHandle {
  readonly fd: number;
  chmod(mode: number): Promise<void>;
  stat(): Promise<fs.Stats>;
  sync(): Promise<void>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(bytes: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  writeFile(data: string, encoding: BufferEncoding): Promise<void>;
  close(): Promise<void>;
}

export async function open(path: string, flags: string | number, mode?: number): Promise<FileHandle> {
  const fd = fs.openSync(path, flags, mode);
  return {
    fd,
    chmod: async (to) => fs.fchmodSync(fd, to),
    stat: async () => fs.fstatSync(fd),
    sync: async () => fs.fsyncSync(fd),
    read: async (buffer, offset, length, position) => ({ bytesRead: fs.readSync(fd, buffer, offset, length, position) }),
    write: async (bytes, offset, length, position) => ({ bytesWritten: fs.writeSync(fd, bytes, offset, length, position) }),
    truncate: async (length) => fs.ftruncateSync(fd, length),
    writeFile: async (data, encoding) => fs.writeFileSync(fd, data, encoding),
    close: async () => fs.closeSync(fd),
  };
}
