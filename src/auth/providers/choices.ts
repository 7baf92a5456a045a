/**
 * What `--auth-choice` takes (SPEC 6), for the command that checks it and the wizard that follows it: the
 * names the built-in sign-ins had before the registry, `skip`, and `<provider>:<method>` of any method.
 */
const ALIASES: Record<string, string> = {
  'setup-token': 'anthropic:setup-token',
  'openai-codex': 'openai-codex:browser',
  'openai-codex-device-code': 'openai-codex:device-code',
};

/** `<provider>:<method>` of a choice (aliases resolved). */
export function canonicalChoice(choice: string): string {
  return ALIASES[choice] ?? choice;
}

export const choiceOf = (method: { provider: string; id: string }): string => `${method.provider}:${method.id}`;

/** Every choice there is with these methods: the old names and `skip` first, then each method's. */
export function authChoices(methods: readonly { provider: string; id: string }[]): string[] {
  return [...Object.keys(ALIASES), 'skip', ...methods.map(choiceOf)];
}
