/**
 * The command lines scripts and shells run most, recognised without commander: `models status` (with
 * `--json` or not) and `models auth token --provider <provider>`. Loading commander and building the
 * tree for them was a fifth of their start-up. Any other line, a flag more, a value that looks like a
 * flag, goes to commander as before; test/cli/fast-path.test.ts holds each shape's output, errors and
 * exit code to commander's in both languages. This file imports nothing: scripts/build.mjs puts it into
 * the launcher too, which starts dist/fast.cjs for these lines and dist/cli.cjs for every other.
 */
export interface FastCommand {
  /** A key of FAST_COMMANDS in src/cli/run.ts (and so of COMMANDS in src/cli/main.ts). */
  path: 'models status' | 'models auth token';
  /** What commander's opts() gives the command's action for this line. */
  options: Record<string, unknown>;
}

export function fastCommand(argv: readonly string[]): FastCommand | undefined {
  const [first, second, ...rest] = argv.slice(2);
  if (first !== 'models') return undefined;
  if (second === 'status') {
    if (rest.length === 0) return { path: 'models status', options: {} };
    if (rest.length === 1 && rest[0] === '--json') return { path: 'models status', options: { json: true } };
    return undefined;
  }
  if (second === 'auth' && rest.length === 3 && rest[0] === 'token' && rest[1] === '--provider') {
    const provider = rest[2]!;
    if (provider !== '' && !provider.startsWith('-')) return { path: 'models auth token', options: { provider } };
  }
  return undefined;
}


/**
 * What the launcher starts for a line: dist/fast.cjs for the fast path's lines; dist/cli.cjs for every
 * other, with one of two code caches: one made after `--help` for a line that asks for help (or names
 * nothing), one made after a command for the rest. Each holds what its kind of line compiles; the command's
 * cache handed to `--help` made it ~4 ms slower than a cache of its own (and the reverse ~5 ms).
 */
export function lineKind(argv: readonly string[]): 'fast' | 'help' | 'command' {
  if (fastCommand(argv)) return 'fast';
  const args = argv.slice(2);
  return args.length === 0 || args.some((a) => a === '-h' || a === '--help' || a === 'help') ? 'help' : 'command';
}
