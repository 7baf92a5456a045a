import { checkGenericSecret, checkSetupToken } from '../../auth/setup-token.js';
import { readStore } from '../../store/store.js';
import { defineCommand } from '../command.js';
import { resolveAgent, type AgentOption } from '../shared/agent.js';
import { assertProvider, durationOption, profileIdFor } from '../shared/options.js';
import { readSecret } from '../shared/secret-input.js';
import { storeToken } from '../shared/sign-in.js';

interface PasteTokenOptions extends AgentOption {
  provider: string;
  profileId?: string;
  expiresIn?: string;
}

export const pasteTokenCommand = defineCommand<PasteTokenOptions>({
  parent: ['models', 'auth'],
  name: 'paste-token',
  define: (command) =>
    command
      .description('store a token: from stdin when piped, else a masked prompt')
      .requiredOption('--provider <provider>', 'provider, e.g. anthropic')
      .option('--profile-id <id>', 'profile id or name (default: <provider>:default)')
      .option('--expires-in <duration>', 'lifetime, e.g. 365d, 12h'),
  async run(ctx, options) {
    const provider = assertProvider(options.provider);
    const id = profileIdFor(provider, options.profileId);
    const lifetime = durationOption('--expires-in', options.expiresIn);
    const paths = await resolveAgent(ctx, options);
    // A broken store fails before the user is asked for anything.
    await readStore(paths, { warn: ctx.warn });
    const token = await readSecret(ctx, {
      message: provider === 'anthropic' ? 'Paste the setup-token (input is hidden)' : `Paste the ${provider} token (input is hidden)`,
      check: provider === 'anthropic' ? checkSetupToken : checkGenericSecret,
    });
    await storeToken(ctx, paths, { id, provider, token, expires: lifetime === undefined ? undefined : ctx.now() + lifetime });
    return 0;
  },
});
