/**
 * `import()` of a package outside the CLI bundle (pi-ai, the lock, the prompts, …), loaded only on the
 * paths that need it. scripts/build.mjs bundles each package named here into dist/vendor/, so always pass
 * the name as a string literal: a computed one would not be found by the build and would fail only once
 * installed. The launcher runs the bundle through vm.Script to use V8's code cache; there a bare import()
 * has no module loader (Node 20), so the launcher hands in its own, which serves dist/vendor/. Tests, from
 * source, fall back to the native import() and node_modules.
 */
const LOADER = Symbol.for('openclaw.import');

export function importPackage<T>(specifier: string): Promise<T> {
  const loader = (globalThis as { [LOADER]?: (s: string) => Promise<unknown> })[LOADER];
  return (loader ? loader(specifier) : import(specifier)) as Promise<T>;
}

/**
 * A Node built-in that only some runs need (child_process to start a browser, net to probe a port, v8),
 * loaded when first asked for: each costs start-up time, and `--help` assembles every command. Through
 * process.getBuiltinModule (Node 20.16+), which loads no ES module loader; older Nodes import() it.
 */
export async function builtin<T>(name: string): Promise<T> {
  const loaded = process.getBuiltinModule?.(name) as T | undefined;
  return loaded ?? importPackage<T>(name);
}

/**
 * A Node built-in, synchronously, for code that needs the module object itself (proper-lockfile takes a
 * whole `fs`): `import nodeFs from 'node:fs'` is, in the CommonJS bundles, a copy of its hundred-odd
 * properties made when the importing file loads (~0.3 ms on every status, which never locks). The object
 * is Node's own, so tests' spies on it are seen. Node before 20.16 has no getBuiltinModule; the bundles it
 * runs are CommonJS, with a require() of their own.
 */
export function builtinNow<T>(name: string): T {
  return (process.getBuiltinModule?.(name) as T | undefined) ?? (require(name) as T);
}
