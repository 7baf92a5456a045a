import type { CliContext } from '../context.js';
import { EXIT, UserError } from '../errors.js';

export async function onboardCommand(_ctx: CliContext): Promise<number> {
  throw new UserError('The onboarding wizard is not built yet. For now: openclaw models auth paste-token --provider anthropic', EXIT.failed);
}
