import type { Command, Option } from 'commander';
import { EXIT } from '../base/errors.js';
import { t } from '../base/i18n/index.js';
import { redact } from '../base/redact.js';
import { colorEnabled, displayWidth, wrapText } from '../base/terminal.js';
import { made, type AnyCommandSpec } from './command.js';
import { processContext, type CliContext } from './context.js';
import { loadCommander, option } from './shared/commander.js';
import { fastCommand, lineKind, type FastCommand } from './fast-path.js';
import { FAST_COMMANDS, finish, inLanguage, runFast, runSpec } from './run.js';

/** package.json's version, set by scripts/build.mjs (tests run from source, where it is not defined). */
declare const OPENCLAW_VERSION: string;
const version = typeof OPENCLAW_VERSION === 'string' ? OPENCLAW_VERSION : '0.0.0-dev';

/**
 * Every command, by the words that call it, loaded on demand: a run loads (and evaluates) only the command
 * it names, which holds the start-up time of `models status` (each file declares its spec: flags, options
 * type, run function; test/cli/commands.test.ts checks each key is its spec's path).
 */
export const COMMANDS: Record<string, () => Promise<AnyCommandSpec>> = {
  onboard: async () => (await import('./commands/onboard.js')).onboardCommand,
  'models auth login': async () => (await import('./commands/login.js')).loginCommand,
  'models auth setup-token': async () => (await import('./commands/setup-token.js')).setupTokenCommand,
  'models auth paste-token': async () => (await import('./commands/paste-token.js')).pasteTokenCommand,
  'models auth token': FAST_COMMANDS['models auth token'],
  'models auth providers': async () => (await import('./commands/providers.js')).providersCommand,
  'models auth logout': async () => (await import('./commands/logout.js')).logoutCommand,
  'models auth order': async () => (await import('./commands/order.js')).orderCommand,
  'models status': FAST_COMMANDS['models status'],
  'agents add': async () => (await import('./commands/agents.js')).agentsAddCommand,
  'agents list': async () => (await import('./commands/agents.js')).agentsListCommand,
  'channels list': async () => (await import('./commands/channels.js')).channelsListCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
};

const GROUPS = {
  models: () => t('help.group.models'),
  'models auth': () => t('help.group.modelsAuth'),
  agents: () => t('help.group.agents'),
  channels: () => t('help.group.channels'),
} as Record<string, () => string>;

/** Commander's headings, in the language in use (its other fixed words stay as commander writes them). */
const TITLES = {
  'Usage:': () => t('help.title.usage'),
  'Options:': () => t('help.title.options'),
  'Commands:': () => t('help.title.commands'),
  'Arguments:': () => t('help.title.arguments'),
} as Record<string, () => string>;

/** Commander's "(choices: …, default: …)" after a description, in the language in use (the values stay as they are). */
function extraInfo(description: string): string {
  return description.replace(/ ?\(((?:choices|default): .*)\)$/, (_whole, info: string) =>
    t('help.extra', { info: info.replace(/\bchoices: /, t('help.choices')).replace(/(^|, )default: /, (_m, sep: string) => `${sep}${t('help.default')}`) }),
  );
}

function placeholders(usage: string): string {
  return usage.replace(/\[options\]/g, t('help.usage.options')).replace(/\[command\]/g, t('help.usage.command'));
}

/**
 * Commander's own error messages, in the language in use (SPEC 9): each known one by its shape; the words
 * it quotes (a command, a flag, a value) stay as they are. Anything else is left as commander wrote it.
 */
const COMMANDER_MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^error: unknown command '(.*)'$/, (m) => t('commander.unknownCommand', { name: m[1]! })],
  [/^error: unknown option '(.*)'$/, (m) => t('commander.unknownOption', { name: m[1]! })],
  [/^\(Did you mean (.*)\?\)$/, (m) => t('commander.didYouMean', { name: m[1]! })],
  [/^error: required option '(.*)' not specified$/, (m) => t('commander.requiredOption', { name: m[1]! })],
  [/^error: option '(.*)' argument missing$/, (m) => t('commander.optionArgumentMissing', { name: m[1]! })],
  [/^error: missing required argument '(.*)'$/, (m) => t('commander.missingArgument', { name: m[1]! })],
  [/^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.$/, (m) => t('commander.tooManyArguments', { name: m[1]!, expected: m[2]!, got: m[3]! })],
  [/^error: command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.$/, (m) => t('commander.invalidArgument', { value: m[1]!, name: m[2]!, choices: m[3]! })],
  [/^error: option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/, (m) => t('commander.invalidOptionValue', { name: m[1]!, value: m[2]!, choices: m[3]! })],
];

function commanderMessage(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      for (const [pattern, word] of COMMANDER_MESSAGES) {
        const m = pattern.exec(line);
        if (m) return word(m);
      }
      return line;
    })
    .join('\n');
}

/** Commander's own messages (an unknown `--flag=value`, an unknown command) never echo what looks like a secret. */
function maskArgv(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/'(--?[\w-]+)=[^']*'/g, "'$1=…'").replace(/'([^' ]{16,})'/g, (_m, word: string) => `'${redact(word)}'`))
    .join('\n');
}

function groupOf(program: Command, path: readonly string[]): Command {
  let group = program;
  for (let i = 0; i < path.length; i++) {
    const name = path[i]!;
    group = group.commands.find((c) => c.name() === name) ?? group.command(name).description(GROUPS[path.slice(0, i + 1).join(' ')]?.() ?? '');
  }
  return group;
}

/**
 * The command tree over `ctx`. `done` receives the exit code of the command that ran. A secret is never
 * taken from the command line: every command knows a hidden `--token` only to refuse it by name.
 */
export async function buildProgram(ctx: CliContext, done: (code: number) => void, argv?: string[]): Promise<Command> {
  const { Command, Help } = await loadCommander();
  const program = new Command('openclaw')
    .description(t('help.program'))
    .version(version, '-V, --version', t('help.flag.version'))
    .helpOption('-h, --help', t('help.flag.help'))
    .helpCommand('help [command]', t('help.command.help'))
    .configureHelp({
      styleTitle: (title) => TITLES[title]?.() ?? title,
      // Wide characters take two columns: commander's own measure counts them one.
      displayWidth,
      boxWrap: (text, width) => wrapText(text, width),
      optionDescription: (option) => extraInfo(Help.prototype.optionDescription.call(new Help(), option)),
      argumentDescription: (argument) => extraInfo(Help.prototype.argumentDescription.call(new Help(), argument)),
      // "[options]" and "[command]" in usage lines and the command list, in the language in use.
      commandUsage: (command) => placeholders(Help.prototype.commandUsage.call(new Help(), command)),
      subcommandTerm: (command) => placeholders(Help.prototype.subcommandTerm.call(new Help(), command)),
    })
    .showHelpAfterError(t('help.afterError'))
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: (text, write) => write(maskArgv(commanderMessage(text))),
      // Commander's defaults ask process.stdout and process.stderr themselves: the context's streams answer
      // (no width off a terminal, or from one that reports 0 columns: commander then wraps at 80).
      getOutHelpWidth: () => ((ctx.stdout.isTTY && ctx.stdout.columns) || undefined) as number,
      getErrHelpWidth: () => ((ctx.stderr.isTTY && (ctx.stderr as NodeJS.WriteStream).columns) || undefined) as number,
      getOutHasColors: () => colorEnabled(ctx.env, ctx.stdout),
      getErrHasColors: () => colorEnabled(ctx.env, ctx.stderr),
    })
    .exitOverride();

  const about = helpTarget(argv);
  const entries = commandsFor(argv);
  const specs = await Promise.all(entries.map((entry) => (typeof entry === 'function' ? entry() : null)));
  for (const [i, entry] of entries.entries()) {
    // A group help lists without its commands (see helpCommands).
    if (typeof entry !== 'function') {
      groupOf(program, entry);
      continue;
    }
    const spec = specs[i]!;
    const words = spec.path.split(' ');
    const command = groupOf(program, words.slice(0, -1)).command(words.at(-1)!).description(made(spec.about));
    for (const argument of made(spec.args ?? [])) command.addArgument(argument);
    // Help shows one command's flags at most: the others' are not made (~80 options for `--help`). Every
    // command still has its hidden --token below, so each is listed with "[options]" as before.
    const flags = about === undefined || words.every((word, i) => about[i] === word) ? made(spec.flags ?? []) : [];
    const required = requiredLater(flags);
    for (const option of flags) command.addOption(option);
    if (spec.agentFlag !== false) command.option('--agent <id>', t('help.flag.agent'));
    command.addOption(option('--token <value>').hideHelp());
    command.action(async (...params: unknown[]) => {
      const options = (params.at(-1) as Command).opts();
      const missing = required.find((option) => options[option.attributeName()] === undefined);
      if (missing) command.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
      done(await runSpec(ctx, spec, options, params.slice(0, -2)));
    });
  }
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

/**
 * The words of a line that asks for help (`models auth login --help --provider openai`, `help models`), which
 * begin with the words of the command it is about, if any; undefined for a line that asks for none.
 */
function helpTarget(argv: string[] | undefined): string[] | undefined {
  const args = argv?.slice(2) ?? [];
  if (!args.some((a) => a === '-h' || a === '--help' || a === 'help')) return undefined;
  return args.filter((a) => !a.startsWith('-') && a !== 'help');
}

/**
 * Commander checks required options before unknown ones, so `--provder openai` was answered "required
 * option '--provider' not specified" and the typo went unnamed. The required options are checked here
 * instead, in the action, which commander reaches only after reporting an unknown option (with its
 * "Did you mean"); the message for a really missing one is commander's own.
 */
function requiredLater(options: Option[]): Option[] {
  const required = options.filter((option) => option.mandatory);
  for (const option of required) option.mandatory = false;
  return required;
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/**
 * The commands to assemble for `argv`: only the one it names when it names exactly one and asks for no
 * help (every command's options cost start-up time, about a millisecond for all of them); for a line that
 * asks for help, what that help shows (helpCommands); else all of them, so that "unknown command" sees the
 * whole tree.
 */
function commandsFor(argv: string[] | undefined): ((() => Promise<AnyCommandSpec>) | string[])[] {
  const all = Object.values(COMMANDS);
  if (!argv) return all;
  const args = argv.slice(2);
  if (helpTarget(argv) !== undefined) {
    const words = helpWords(args);
    return words === null ? all : helpCommands(words);
  }
  const words = args.filter((a) => !a.startsWith('-'));
  const named = Object.keys(COMMANDS).filter((path) => path.split(' ').every((word, i) => words[i] === word));
  return named.length === 1 ? [COMMANDS[named[0]!]!] : all;
}

/**
 * The words before a help line's first flag: commander goes down the tree by them, and stops at a flag (a
 * group knows none but -h, and takes whatever follows an unknown one as unknown too); after a `help` (the
 * program's or a group's help command) the one word right after it, unless that is a flag. Null for a line
 * with `--` (after it every word is an operand, which commander reads its own way): the whole tree is built.
 */
function helpWords(args: string[]): string[] | null {
  if (args.includes('--')) return null;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('-')) break;
    if (arg === 'help') {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('-')) words.push(next);
      break;
    }
    words.push(arg);
  }
  return words;
}

/**
 * What a help line shows, in the tree's order: under the longest start of its words that is a command or a
 * group (none: the program), the command itself and the commands and groups one word below it, a group
 * as its words only (commander lists it by name and description). The commands deeper down are not loaded:
 * `openclaw --help` initialised every command's module and its imports (~2 ms), to list five names.
 */
function helpCommands(about: string[]): ((() => Promise<AnyCommandSpec>) | string[])[] {
  const paths = Object.keys(COMMANDS).map((path) => path.split(' '));
  const starts = (words: string[], start: string[]) => start.every((word, i) => words[i] === word);
  let depth = about.length;
  while (depth > 0 && !paths.some((words) => words.length >= depth && starts(words, about.slice(0, depth)))) depth--;
  const prefix = about.slice(0, depth);
  const shown: ((() => Promise<AnyCommandSpec>) | string[])[] = [];
  const groups = new Set<string>();
  for (const words of paths) {
    if (!starts(words, prefix)) continue;
    if (words.length <= depth + 1) {
      shown.push(COMMANDS[words.join(' ')]!);
      continue;
    }
    const group = words.slice(0, depth + 1);
    if (groups.has(group.join(' '))) continue;
    groups.add(group.join(' '));
    shown.push(group);
  }
  return shown;
}

/**
 * Runs one command line (argv as process.argv: node, script, words…) and returns its exit code. The
 * language (SPEC 9) is chosen from ctx.env for this run and put back after it.
 */
export function runCli(argv: string[], ctx: CliContext): Promise<number> {
  return runLine(argv, ctx, fastCommand(argv));
}

/** runCli with the fast path's answer given: test/cli/fast-path.test.ts runs each line both ways. */
export async function runLine(argv: string[], ctx: CliContext, fast: FastCommand | undefined): Promise<number> {
  if (fast) return runFast(ctx, fast);
  let code: number = EXIT.ok;
  return inLanguage(ctx, async () => {
    await (await buildProgram(ctx, (c) => (code = c), argv)).parseAsync(argv);
    return code;
  });
}

export async function main(argv: string[]): Promise<void> {
  // Help leaves nothing running once printed (as the fast path's lines): the process ends at once.
  finish(await runCli(argv, processContext()), { leavesNothing: lineKind(argv) === 'help' });
}

