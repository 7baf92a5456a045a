import { setFlagsFromString } from 'node:v8';
import { getCredential } from '../../auth/credentials.js';
import { EXIT } from '../../base/errors.js';
import { defineCommand } from '../command.js';
import { flag } from '../shared/flags.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, profileIdFor } from '../shared/options.js';

interface TokenOptions extends AgentOption {
  provider: string;
  profileId?: string;
}

/**
 * `models auth token`: the one command that prints a secret, and only that on stdout (as `gh auth token`),
 * so that `$(openclaw models auth token --provider …)` is the secret. Everything else goes to stderr.
 */
export const tokenCommand = defineCommand<TokenOptions>({
  path: 'models auth token',
  about: 'print a usable secret for scripts, refreshing it if due (like `gh auth token`)',
  flags: [flag.provider(), flag.profileId('profile id or name (default: the active profile)')],
  async run(ctx, options) {
    const provider = assertProvider(options.provider);
    // An id of another provider passes here, so that the error lists the provider's ids.
    const profileId = options.profileId === undefined ? undefined : profileIdFor(provider, options.profileId, { anyProvider: true });
    const paths = await resolveAgent(ctx, options);
    // A refresh is this process's only HTTP request, parsed by undici's llhttp in WebAssembly. V8 compiles
    // that module again in the background with its optimizing tier and, at exit, waits for that compile:
    // about 60 ms spent after the work is done. Its baseline tier alone parses one response just as well.
    setFlagsFromString('--liftoff-only');
    const credential = await getCredential(paths, provider, profileId, { now: ctx.now, warn: ctx.warn, env: ctx.env });
    ctx.stdout.write(`${credential.secret}\n`);
    return EXIT.ok;
  },
});
