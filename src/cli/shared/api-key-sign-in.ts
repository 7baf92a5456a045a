import { checkApiKey } from '../../auth/sign-in/api-key.js';
import { apiKeyCopy } from '../../auth/providers/copy.js';
import type { ApiKeyMethod, ProviderDef } from '../../auth/providers/types.js';
import { EXIT } from '../../base/errors.js';
import { clackTitle, guideWidth, wrapText } from '../../base/terminal.js';
import { importPackage } from '../../env/import.js';
import type { AgentPaths } from '../../env/paths.js';
import { saveApiKeyProfile } from '../../store/profiles.js';
import { canPrompt, print, type CliContext } from '../context.js';
import { readSecret } from './secret-input.js';
import { forgetReplacedItem } from './sign-in.js';
import { checkBeforeSave, checkedLine } from './verify-sign-in.js';
import { suggest } from '../../model/commands.js';

/** An API-key method: stdin when piped, else a masked prompt; checked against the method's pattern; stored as `api_key`. */
export async function apiKeyLogin(
  ctx: CliContext,
  paths: AgentPaths,
  target: { provider: ProviderDef; method: ApiKeyMethod; profileId: string; verify?: boolean },
): Promise<number> {
  const { provider, method, profileId } = target;
  if (ctx.stdin.isTTY && canPrompt(ctx)) {
    const p = await importPackage<typeof import('@clack/prompts')>('@clack/prompts');
    const io = { input: ctx.stdin, output: ctx.stdout as NodeJS.WriteStream };
    p.intro(clackTitle(apiKeyCopy.titleFor(provider.label, profileId), ctx.stdout, ctx.env), io);
    if (method.hint) p.log.info(wrapText(method.hint, guideWidth(ctx.stdout)), io);
  }
  const again = suggest(`models auth login --provider ${provider.id} --method ${method.id}`, { agent: paths.agentId, profileId, provider: provider.id });
  const key = await readSecret(ctx, {
    message: apiKeyCopy.pastePrompt(provider.label),
    check: (raw) => checkApiKey(raw, { label: provider.label, ...(method.pattern === undefined ? {} : { pattern: method.pattern }) }),
    command: again,
  });
  // Issue 21: checked with the provider first; a refused key is not stored.
  const check = await checkBeforeSave(ctx, { provider: provider.id, type: 'api_key', secret: key }, { verify: target.verify ?? true, again, ...(method.probe ? { methodProbe: method.probe } : {}) });
  const replaced = await saveApiKeyProfile(paths, { id: profileId, provider: provider.id, key }, { warn: ctx.warn, now: ctx.now });
  print(ctx, apiKeyCopy.saved(profileId, paths.storeFile));
  const checked = checkedLine(check, { provider: provider.id, profileId, agent: paths.agentId }, ctx.now());
  if (checked) print(ctx, checked);
  await forgetReplacedItem(ctx, replaced);
  return EXIT.ok;
}
