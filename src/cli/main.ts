import { Command, CommanderError, Option } from 'commander';
import { processContext, type CliContext } from './context.js';
import { CancelledError, EXIT, refuseSecretOnArgv, UserError } from './errors.js';
import { redact } from '../auth/redact.js';
import { SETUP_TOKEN_LIFETIME } from '../auth/setup-token.js';

/** package.json's version, set by scripts/build.mjs. */
declare const OPENCLAW_VERSION: string;

/** Every command takes `--agent <id>` (SPEC 6). */
function withAgent(command: Command): Command {
  return command.option('--agent <id>', 'agent id (default: main)');
}

/**
 * A secret is never taken from the command line (argv is visible to other users and lands in shell
 * history): every command knows a hidden `--token` only to refuse it by name, and commander's own
 * messages (an unknown `--flag=value`, an unknown command) never echo what looks like a secret.
 */
function refuseSecretFlags(program: Command): void {
  for (const command of allCommands(program)) {
    if (command.commands.length === 0 && !command.options.some((o) => o.long === '--token')) {
      command.addOption(new Option('--token <value>').hideHelp());
    }
  }
}

function maskArgv(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/'(--?[\w-]+)=[^']*'/g, "'$1=…'").replace(/'([^' ]{16,})'/g, (_m, word: string) => `'${redact(word)}'`))
    .join('\n');
}

/** Implementations are imported on use, so a command loads only what it needs. */
function run<A extends unknown[]>(load: () => Promise<(ctx: CliContext, ...args: A) => Promise<number | void>>) {
  return async (...args: A) => {
    const command = args.at(-1) as Command;
    if (command.opts().token !== undefined) {
      const name = command.name();
      const provider = (command.opts().provider as string | undefined) ?? '<provider>';
      refuseSecretOnArgv(name === 'setup-token' ? 'models auth setup-token' : `models auth paste-token --provider ${provider}`);
    }
    const action = await load();
    const code = await action(processContext(), ...args);
    process.exitCode = code ?? EXIT.ok;
  };
}

export function buildProgram(): Command {
  const program = new Command('openclaw')
    .description('OpenClaw onboarding and model authentication')
    .version(OPENCLAW_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(maskArgv(text)) })
    .exitOverride();

  withAgent(
    program
      .command('onboard')
      .description('set up OpenClaw: choose an agent, sign in, see the status')
      .addOption(new Option('--auth-choice <choice>', 'skip the auth choice screen').choices(['setup-token', 'openai-codex', 'skip']))
      .option('--relogin [profileId]', 'go straight to signing in again for a profile')
      .option('--no-browser', 'do not open a browser; paste the redirect address instead')
      .option('--non-interactive', 'no prompts: needs --auth-choice setup-token|skip')
      .option('--token-stdin', 'with --non-interactive: read the setup-token from stdin')
      .option('--token-profile-id <id>', 'with --non-interactive: profile id for the token')
      .option('--token-expires-in <duration>', 'with --non-interactive: token lifetime, e.g. 365d')
      .option('--json', 'with --non-interactive: print the result as JSON'),
  ).action(run(async () => (await import('./commands/onboard.js')).onboardCommand));

  const models = program.command('models').description('model credentials');
  const auth = models.command('auth').description('sign in, store and remove credentials');

  withAgent(
    auth
        .command('paste-token')
        .description('store a token: from stdin when piped, else a masked prompt')
        .requiredOption('--provider <provider>', 'provider, e.g. anthropic')
        .option('--profile-id <id>', 'profile id or name (default: <provider>:default)')
        .option('--expires-in <duration>', 'lifetime, e.g. 365d, 12h'),
  ).action(run(async () => (await import('./commands/paste-token.js')).pasteTokenCommand));

  withAgent(
    auth
      .command('login')
      .description('sign in to a provider (openai-codex: ChatGPT in the browser; anthropic: setup-token)')
      .addOption(new Option('--provider <provider>', 'provider').choices(['openai-codex', 'anthropic']).makeOptionMandatory())
      .option('--profile-id <id>', 'profile id or name (default: <provider>:default)')
      .option('--no-browser', 'do not open a browser; paste the redirect address instead'),
  ).action(run(async () => (await import('./commands/login.js')).loginCommand));

  withAgent(
    auth
        .command('setup-token')
        .description('store an Anthropic setup-token from `claude setup-token` (masked paste)')
        .addOption(new Option('--provider <provider>', 'provider').choices(['anthropic']).default('anthropic'))
        .option('--profile-id <id>', 'profile id or name (default: anthropic:default)')
        .option('--expires-in <duration>', 'lifetime', SETUP_TOKEN_LIFETIME),
  ).action(run(async () => (await import('./commands/setup-token.js')).setupTokenCommand));

  withAgent(
    auth
      .command('token')
      .description('print a usable secret for scripts, refreshing it if due (like `gh auth token`)')
      .requiredOption('--provider <provider>', 'provider')
      .option('--profile-id <id>', 'profile id or name (default: the active profile)'),
  ).action(run(async () => (await import('./commands/token.js')).tokenCommand));

  withAgent(
    auth
      .command('logout')
      .description('remove stored profiles of a provider')
      .requiredOption('--provider <provider>', 'provider')
      .option('--profile-id <id>', 'the profile to remove')
      .option('--all', "remove all of the provider's profiles"),
  ).action(run(async () => (await import('./commands/logout.js')).logoutCommand));

  withAgent(
    auth
      .command('order')
      .description("get, set or clear the provider's profile order")
      .addArgument(new Command().createArgument('<action>', 'get | set | clear').choices(['get', 'set', 'clear']))
      .argument('[ids...]', 'profile ids, best first (for set)')
      .requiredOption('--provider <provider>', 'provider')
      .option('--json', 'print as JSON'),
  ).action(run(async () => (await import('./commands/order.js')).orderCommand));

  withAgent(
    models
      .command('status')
      .description('profiles, their state and expiry, the active profile; never a secret')
      .option('--json', 'print as JSON')
      .option('--check', 'exit 1 if something is expired, missing or needs re-login; 2 if expiring within 24 h'),
  ).action(run(async () => (await import('./commands/status.js')).statusCommand));

  const agents = program.command('agents').description('agents: folders of the state directory');
  withAgent(
    agents
      .command('add')
      .description('create an agent')
      .argument('<id>', 'agent id')
      .option('--copy-auth-from <agent>', "copy another agent's profiles into the new one"),
  ).action(
    run(async () => (await import('./commands/agents.js')).agentsAddCommand),
  );
  withAgent(agents.command('list').description('list agents').option('--json', 'print as JSON')).action(
    run(async () => (await import('./commands/agents.js')).agentsListCommand),
  );

  const channels = program.command('channels').description('channels and the auth profiles they can use');
  withAgent(channels.command('list').description('list channels').option('--json', 'print as JSON')).action(
    run(async () => (await import('./commands/channels.js')).channelsListCommand),
  );

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  for (const command of allCommands(program)) command.exitOverride();
  refuseSecretFlags(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message already.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return EXIT.ok;
    }
    return EXIT.usage;
  }
  if (error instanceof CancelledError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.cancelled;
  }
  if (error instanceof UserError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${redact(message)}\n`);
  if (process.env.OPENCLAW_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${redact(error.stack)}\n`);
  } else {
    process.stderr.write('This is unexpected; run again with OPENCLAW_DEBUG=1 for details and report it.\n');
  }
  return EXIT.failed;
}

