import { describe, expect, it } from 'vitest';
import { profileState } from '../../src/model/profile-state.js';
import { orderProfiles } from '../../src/model/routing.js';
import { agentStatus, checkExitCode } from '../../src/auth/routing/status.js';
import { fixCommand } from '../../src/auth/routing/status-lines.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import type { AuthProfiles } from '../../src/model/schema.js';
import { findRelogin } from '../../flows/onboard/reducer.js';

const NOW = 1_800_000_000_000;

// An OAuth grant openclaw cannot refresh (an Anthropic one from the legacy import) is dead once its
// access token expires: it must read as expired, step aside for a working profile, and lead to re-login.
const store: AuthProfiles = {
  version: 1,
  profiles: {
    'anthropic:default': { type: 'oauth', provider: 'anthropic', access: 'a', refresh: 'r', expires: NOW - 1000 },
    'anthropic:work': { type: 'token', provider: 'anthropic', token: 't', expires: NOW + 90 * 86_400_000 },
    'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: 'a', refresh: 'r', expires: NOW - 1000 },
  },
};

describe('an OAuth profile openclaw cannot refresh', () => {
  it('is expired (or expiring) rather than refreshable; a Codex one stays refreshable', () => {
    expect(profileState(store.profiles['anthropic:default']!, undefined, NOW)).toBe('expired');
    expect(profileState({ ...store.profiles['anthropic:default']!, expires: NOW + 60_000 } as never, undefined, NOW)).toBe('expiring');
    expect(profileState(store.profiles['openai-codex:default']!, undefined, NOW)).toBe('refreshable');
  });

  it('goes after a working profile, so the runtime cache gets the working one', () => {
    expect(orderProfiles(store, 'anthropic', {}, NOW)).toMatchObject({ ids: ['anthropic:work', 'anthropic:default'], active: 'anthropic:work' });
  });

  it('fails status --check and leads the wizard to a re-login of that id', () => {
    const status = agentStatus(resolveAgentPaths({ OPENCLAW_STATE_DIR: '/s' }), store, true, {}, NOW);
    expect(checkExitCode(status)).toBe(1);
    expect(findRelogin(status, null)).toMatchObject({ profileId: 'anthropic:default', provider: 'anthropic' });
  });

  it('fix commands name the agent unless it is the default one', () => {
    const profile = { id: 'anthropic:work', provider: 'anthropic', state: 'expired' as const };
    expect(fixCommand(profile, 'main')).toBe('openclaw models auth setup-token --provider anthropic --profile-id anthropic:work');
    expect(fixCommand(profile, 'ops')).toBe('openclaw models auth setup-token --provider anthropic --profile-id anthropic:work --agent ops');
  });
});
