import nodeFs from 'node:fs';
import { vi } from 'vitest';

/** An error as Node's file system gives it. */
export const errno = (code: string, syscall: string, path?: string) =>
  Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, ...(path === undefined ? {} : { path }) });

/**
 * Makes the mkdir of the store's lock (`<file>.lock`) fail with `code`, as a folder the user cannot write
 * would: tests run as root, whom chmod does not stop. Undone by vi.restoreAllMocks().
 */
export function failLockMkdir(code: string): void {
  const real = nodeFs.mkdir;
  vi.spyOn(nodeFs, 'mkdir').mockImplementation(((path: nodeFs.PathLike, ...rest: unknown[]) => {
    if (!String(path).endsWith('.lock')) return (real as (...args: unknown[]) => void)(path, ...rest);
    (rest.at(-1) as (error: Error) => void)(errno(code, 'mkdir', String(path)));
  }) as typeof nodeFs.mkdir);
}
