/**
 * `import()` of a package outside the bundle (Ink, pi-ai, the lock, …), loaded only on the paths that
 * need it. The launcher runs the bundle through vm.Script to use V8's code cache, and there a bare
 * import() has no module loader (Node 20), so the launcher hands in its own; tests and other callers
 * fall back to the native import().
 */
const LOADER = Symbol.for('openclaw.import');

export function importPackage<T>(specifier: string): Promise<T> {
  const loader = (globalThis as { [LOADER]?: (s: string) => Promise<unknown> })[LOADER];
  return (loader ? loader(specifier) : import(specifier)) as Promise<T>;
}
