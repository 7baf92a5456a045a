import { checkSetupToken, SETUP_TOKEN_LIFETIME } from '../../auth/setup-token.js';
import { importPackage } from '../../env/import.js';
import { readStore } from '../../store/store.js';
import { agentPaths, durationOption, profileIdFor, type AgentOption } from '../common.js';
import type { CliContext } from '../context.js';
import { readSecret } from '../secret-input.js';
import { storeToken } from './paste-token.js';

interface SetupTokenOptions extends AgentOption {
  provider: 'anthropic';
  profileId?: string;
  expiresIn?: string;
}

export const SETUP_TOKEN_STEPS =
  'On any computer with Claude Code, run `claude setup-token`, sign in with your Claude Pro or Max ' +
  'account, and copy the token it prints (it starts with sk-ant-oat01-).';

/** `claude setup-token` explained, then a masked paste (or stdin when piped). */
export async function setupTokenCommand(ctx: CliContext, options: SetupTokenOptions): Promise<number> {
  const id = profileIdFor('anthropic', options.profileId);
  const lifetime = durationOption('--expires-in', options.expiresIn ?? SETUP_TOKEN_LIFETIME);
  const paths = agentPaths(ctx, options);
  await readStore(paths, { warn: ctx.warn });

  if (ctx.stdin.isTTY) {
    const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
    const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
    p.intro(`Anthropic setup-token (profile ${id})`, io);
    p.log.info(SETUP_TOKEN_STEPS, io);
  }
  const token = await readSecret(ctx, { message: 'Paste the setup-token (input is hidden)', check: checkSetupToken });
  await storeToken(ctx, { id, provider: 'anthropic', token, expires: lifetime === undefined ? undefined : ctx.now() + lifetime, agent: options.agent });
  return 0;
}
