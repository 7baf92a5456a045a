import { PROFILE_NAME_PATTERN, profileIdProblem } from '../../src/store/schema.js';

/** What is wrong with a typed profile name (`work` or `anthropic:work`); null when fine or empty. */
export function profileNameProblem(value: string): string | null {
  const name = value.trim();
  if (!name) return null;
  if (name.includes(':')) return profileIdProblem(name, 'anthropic');
  return PROFILE_NAME_PATTERN.test(name) ? null : 'use a-z, 0-9, ".", "_" and "-"';
}

export function profileIdFromName(value: string, provider = 'anthropic'): string {
  const name = value.trim() || 'default';
  return name.includes(':') ? name : `${provider}:${name}`;
}
