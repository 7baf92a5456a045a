import { setFlagsFromString } from 'node:v8';
import { getCredential } from '../../auth/credentials.js';
import { profileIdProblem } from '../../store/schema.js';
import { agentPaths, assertProvider, type AgentOption } from '../common.js';
import type { CliContext } from '../context.js';
import { EXIT, UserError } from '../errors.js';
import { printable } from '../../env/paths.js';

interface TokenOptions extends AgentOption {
  provider: string;
  profileId?: string;
}

/**
 * `models auth token`: the one command that prints a secret, and only that on stdout (as `gh auth token`),
 * so that `$(openclaw models auth token --provider …)` is the secret. Everything else goes to stderr.
 */
export async function tokenCommand(ctx: CliContext, options: TokenOptions): Promise<number> {
  const provider = assertProvider(options.provider);
  // A refresh is this process's only HTTP request, parsed by undici's llhttp in WebAssembly. V8 compiles
  // that module again in the background with its optimizing tier and, at exit, waits for that compile:
  // about 60 ms spent after the work is done. Its baseline tier alone parses one response just as well.
  setFlagsFromString('--liftoff-only');
  const paths = agentPaths(ctx, options);
  const credential = await getCredential(paths, provider, profileIdOption(provider, options.profileId), {
    now: ctx.now,
    warn: ctx.warn,
    env: ctx.env,
  });
  ctx.stdout.write(`${credential.secret}\n`);
  return EXIT.ok;
}

/**
 * `work` means `<provider>:work`. An id of another provider is passed on as given, so that the error
 * lists the provider's ids rather than only refusing the flag.
 */
function profileIdOption(provider: string, given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const id = given.includes(':') ? given : `${provider}:${given}`;
  const problem = profileIdProblem(id);
  if (problem) throw new UserError(`Invalid --profile-id: ${printable(problem, 160)}.`, EXIT.usage);
  return id;
}
