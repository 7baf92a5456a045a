import { adoptClaudeCli, adoptCodexCli } from '../../auth/sign-in/adopt.js';
import { EXIT } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import type { AgentPaths } from '../../env/paths.js';
import { suggest } from '../../model/commands.js';
import { print, type CliContext } from '../context.js';

/** `--method codex-cli` / `--method claude-cli` (SPEC 11): the other tool's sign-in, adopted without a request. */
export async function adoptToolLogin(ctx: CliContext, paths: AgentPaths, tool: 'codex-cli' | 'claude-cli', profileId: string): Promise<number> {
  const options = { env: ctx.env, warn: ctx.warn, now: ctx.now };
  if (tool === 'codex-cli') {
    const { file, account } = await adoptCodexCli(paths, profileId, options);
    print(ctx, t('adopt.codex', { id: profileId, file, account: account ?? t('adopt.noAccount') }));
    return EXIT.ok;
  }
  const { file, expired } = await adoptClaudeCli(paths, profileId, options);
  print(ctx, t('adopt.claude', { id: profileId, file }));
  if (expired) ctx.warn(t('tools.claudeExpired', { id: profileId, file, command: suggest('models auth setup-token --provider anthropic', { agent: paths.agentId }) }));
  return EXIT.ok;
}
