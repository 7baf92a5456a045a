/**
 * The command lines scripts and shells run most, recognised without commander: `models status` (with
 * `--json`, `--agent <id>` or neither) and `models auth token --provider <provider>` (with `--agent <id>`
 * or not), their flags in any order. Loading commander and building the
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
    const options = flagsOf(rest, { '--json': 'json' }, { '--agent': 'agent' });
    return options && { path: 'models status', options };
  }
  if (second === 'auth' && rest[0] === 'token') {
    const options = flagsOf(rest.slice(1), {}, { '--provider': 'provider', '--agent': 'agent' });
    if (options?.provider !== undefined) return { path: 'models auth token', options };
  }
  return undefined;
}

/**
 * The options of `words` when they are only these flags, each at most once, a value after each of `values`
 * that is not empty and not flag-like; else undefined (commander's to read, and to refuse).
 */
function flagsOf(words: readonly string[], booleans: Record<string, string>, values: Record<string, string>): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const name = Object.hasOwn(booleans, word) ? booleans[word]! : Object.hasOwn(values, word) ? values[word]! : undefined;
    if (name === undefined || Object.hasOwn(options, name)) return undefined;
    if (Object.hasOwn(booleans, word)) {
      options[name] = true;
      continue;
    }
    const value = words[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    options[name] = value;
  }
  return options;
}

/**
 * What the launcher starts for a line, and with which code cache: dist/fast.cjs for the fast path's lines,
 * with a cache made after `models status` or one made after `models auth token`; dist/cli.cjs for every
 * other, with one made after `--help` for a line that asks for help (or names nothing), one made after a
 * command for the rest. Each holds what its kind of line compiles: the command's cache handed to `--help`
 * made it ~4 ms slower than a cache of its own (and the reverse ~5 ms), status's handed to token ~2.5 ms.
 */
export function lineKind(argv: readonly string[]): 'status' | 'token' | 'help' | 'command' {
  const fast = fastCommand(argv);
  if (fast) return fast.path === 'models status' ? 'status' : 'token';
  const args = argv.slice(2);
  return args.length === 0 || args.some((a) => a === '-h' || a === '--help' || a === 'help') ? 'help' : 'command';
}
