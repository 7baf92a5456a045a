import { importPackage } from '../../env/import.js';

/**
 * pi-ai's OAuth module, for a sign-in. Evaluating it starts un-awaited import()s of node:crypto and
 * node:http, which its login flows use; waiting for them once here (20 ms) keeps a sign-in's first step
 * from racing them. A refresh uses fetch alone and imports the module directly.
 */
export async function loadPiOAuthForSignIn(): Promise<typeof import('@mariozechner/pi-ai/oauth')> {
  const module = await importPackage<typeof import('@mariozechner/pi-ai/oauth')>('@mariozechner/pi-ai/oauth');
  await new Promise((resolve) => setTimeout(resolve, 20));
  return module;
}
