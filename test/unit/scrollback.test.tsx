import { describe, expect, it } from 'vitest';
import { scrollbackOf } from '../../flows/onboard/scrollback.js';
import { initialState, reducer } from '../../flows/onboard/reducer.js';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps } from '../support/fake-deps.js';

const OPTIONS = { agent: 'main', newAgent: false, authChoice: 'setup-token', relogin: null, noBrowser: false, headless: false } as const;

// What the wizard writes above its live region is worked out without changing anything (a render may
// run twice, or be dropped): the same state drawn again gives the same scrollback, and the one before stays.
describe('scrollbackOf', () => {
  it('is pure: drawn twice, nothing more is written; the scrollback before is left as it was', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const loaded = await world.deps.loadAgent('main');
    if (loaded.kind !== 'ok') throw new Error('the fake agent did not load');
    let state = reducer(initialState(OPTIONS), { type: 'agent-loaded', agent: 'main', status: loaded.status, methods: world.methods });
    expect(state.step.kind).toBe('setup-token');
    const first = Object.freeze(scrollbackOf(null, state, world.deps));
    Object.freeze(first.written);
    expect(first.written.map((w) => w.key)).toEqual([`${state.step.id}:title`, `${state.step.id}:how`]);
    expect(scrollbackOf(first, state, world.deps)).toBe(first);
    // Failed, then tried again: the lasting pieces are not written again, and nothing marks a retry that writes nothing.
    state = reducer({ ...state, step: { ...state.step, token: 'x', field: 'token', saving: true, profileId: 'anthropic:default' } as typeof state.step }, { type: 'login-failed', message: 'no' });
    const failed = scrollbackOf(first, state, world.deps);
    state = reducer(state, { type: 'retry' });
    expect(state.step.kind).toBe('setup-token');
    const again = scrollbackOf(failed, state, world.deps);
    expect(again.written.map((w) => w.key)).toEqual(first.written.map((w) => w.key));
    expect(scrollbackOf(again, state, world.deps).written).toBe(again.written);
  });
});
