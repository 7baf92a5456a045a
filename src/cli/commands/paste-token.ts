import { checkGenericSecret, checkSetupToken } from '../../auth/setup-token.js';
import { expiresIn } from '../../auth/profile-state.js';
import { saveTokenProfile } from '../../store/profiles.js';
import { readStore } from '../../store/store.js';
import { agentPaths, assertProvider, durationOption, profileIdFor, type AgentOption } from '../common.js';
import { print, type CliContext } from '../context.js';
import { readSecret } from '../secret-input.js';

interface PasteTokenOptions extends AgentOption {
  provider: string;
  profileId?: string;
  expiresIn?: string;
}

export async function pasteTokenCommand(ctx: CliContext, options: PasteTokenOptions): Promise<number> {
  const provider = assertProvider(options.provider);
  const id = profileIdFor(provider, options.profileId);
  const lifetime = durationOption('--expires-in', options.expiresIn);
  const paths = agentPaths(ctx, options);
  // A broken store fails before the user is asked for anything.
  await readStore(paths, { warn: ctx.warn });

  const token = await readSecret(ctx, {
    message: provider === 'anthropic' ? 'Paste the setup-token (input is hidden)' : `Paste the ${provider} token (input is hidden)`,
    check: provider === 'anthropic' ? checkSetupToken : checkGenericSecret,
  });
  const expires = lifetime === undefined ? undefined : ctx.now() + lifetime;
  await storeToken(ctx, { id, provider, token, expires });
  return 0;
}

/** Stores a pasted token under `id` and says where; shared with `setup-token` and the scripted onboard. */
export async function storeToken(
  ctx: CliContext,
  entry: { id: string; provider: string; token: string; expires: number | undefined; agent?: string },
): Promise<void> {
  const paths = agentPaths(ctx, { agent: entry.agent });
  await saveTokenProfile(paths, entry, { warn: ctx.warn, now: ctx.now });
  print(ctx, savedLine(entry.id, entry.expires, paths.storeFile, ctx.now()));
}

export function savedLine(id: string, expires: number | undefined, file: string, now: number): string {
  return `Saved ${id} (${expires === undefined ? 'no expiry' : `expires ${expiresIn(expires, now)}`}) to ${file}`;
}
