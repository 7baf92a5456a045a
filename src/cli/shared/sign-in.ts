import { clackTitle, guideWidth, wrapText } from '../../base/terminal.js';
import { t } from '../../base/i18n/index.js';
import { setupTokenCopy } from '../../auth/sign-in/copy.js';
import { checkSetupToken } from '../../auth/sign-in/setup-token.js';
import type { AgentPaths } from '../../env/paths.js';
import { importPackage } from '../../env/import.js';
import { expiresIn } from '../../model/profile-state.js';
import { apiKeyCommand, signInCommand, suggest } from '../../model/commands.js';
import type { SignInCheck } from '../../auth/probe/verify.js';
import { isKeychainRef, type SecretRef } from '../../model/secret-ref.js';
import { saveTokenProfile } from '../../store/profiles.js';
import { canPrompt, print, type CliContext } from '../context.js';
import { readSecret } from './secret-input.js';
import { checkBeforeSave, checkedLine } from './verify-sign-in.js';

/** What paste-token, setup-token, login and the scripted onboard share: storing a token, and saying so. */

export function savedLine(id: string, expires: number | undefined, file: string, now: number): string {
  return expires === undefined ? t('saved.noExpiry', { id, file }) : t('saved.expires', { id, file, when: expiresIn(expires, now) });
}

export interface TokenEntry {
  id: string;
  provider: string;
  token: string;
  expires: number | undefined;
}

/**
 * Stores a token profile in `paths` (the agent resolved once by the command) and says where, unless `quiet`
 * (--json says it instead). Unless `verify` is false (`--no-verify`), the token is checked with its provider
 * first (issue 21): a refused one is not stored (UserError, exit 1, naming `again`, the command to run again).
 */
export async function storeToken(
  ctx: CliContext,
  paths: AgentPaths,
  entry: TokenEntry,
  { quiet = false, verify = true, again }: { quiet?: boolean; verify?: boolean; again?: string } = {},
): Promise<SignInCheck | null> {
  const check = await checkBeforeSave(ctx, { provider: entry.provider, type: 'token', secret: entry.token }, { verify, again: again ?? pasteAgain(entry, paths) });
  const replaced = await saveTokenProfile(paths, entry, { warn: ctx.warn, now: ctx.now });
  if (!quiet) {
    print(ctx, savedLine(entry.id, entry.expires, paths.storeFile, ctx.now()));
    const checked = checkedLine(check, { provider: entry.provider, profileId: entry.id, agent: paths.agentId }, ctx.now());
    if (checked) print(ctx, checked);
  }
  await forgetReplacedItem(ctx, replaced, { quiet });
  return check;
}

/**
 * SPEC 12: a secret put into the file over a profile that kept it in the keychain: the item goes, unless
 * another agent names it (removeItem). The keychain's code is loaded only then.
 */
export async function forgetReplacedItem(ctx: CliContext, replaced: SecretRef | null, { quiet = false }: { quiet?: boolean } = {}): Promise<void> {
  if (!replaced || !isKeychainRef(replaced)) return;
  const { forgetOldItem, reportOldItem } = await import('../../auth/secrets/keep.js');
  const old = await forgetOldItem(replaced, null, { env: ctx.env, warn: ctx.warn, now: ctx.now });
  reportOldItem(old, quiet ? () => undefined : (line) => print(ctx, line), ctx.warn);
}

const pasteAgain = (entry: TokenEntry, paths: AgentPaths) =>
  suggest(`models auth paste-token --provider ${entry.provider}`, { agent: paths.agentId, profileId: entry.id, provider: entry.provider });

/** `claude setup-token` explained (on a terminal), then a masked paste or stdin, stored as `profileId`. */
export async function setupTokenSignIn(
  ctx: CliContext,
  paths: AgentPaths,
  request: { profileId: string; lifetimeMs: number | undefined; verify?: boolean },
): Promise<void> {
  // The guide is drawn only where the paste is too: never into a pipe (`… | cat`), before readSecret refuses.
  if (canPrompt(ctx)) {
    const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
    const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
    p.intro(clackTitle(t('setupToken.titleFor', { profileId: request.profileId }), ctx.stdout, ctx.env), io);
    // The command on its own line, as the wizard shows it: it reads as a command, not as part of a sentence.
    p.log.info(`${wrapText(setupTokenCopy.runIntro, guideWidth(ctx.stdout))}\n  ${setupTokenCopy.command}\n${wrapText(setupTokenCopy.runOutro, guideWidth(ctx.stdout))}`, io);
  }
  const again = signInCommand('anthropic', { agent: paths.agentId, profileId: request.profileId });
  const keyCommand = apiKeyCommand('anthropic', { agent: paths.agentId, profileId: request.profileId });
  const token = await readSecret(ctx, { message: t('setupToken.pastePrompt'), check: (raw) => checkSetupToken(raw, { apiKeyCommand: keyCommand }), command: again });
  const expires = request.lifetimeMs === undefined ? undefined : ctx.now() + request.lifetimeMs;
  await storeToken(ctx, paths, { id: request.profileId, provider: 'anthropic', token, expires }, { verify: request.verify ?? true, again });
}
