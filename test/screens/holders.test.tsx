import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { makeTheme, ThemeProvider } from '../../components/theme.js';
import { StatusScreen } from '../../flows/onboard/screens/StatusScreen.js';
import { agentStatus } from '../../src/auth/status.js';
import { NOW, pathsOf, stores } from '../support/fake-deps.js';
import { installScreenHooks, plain, words } from './driver.js';

installScreenHooks();

// SPEC 11: the wizard's status screen says whose grant it is, and warns when another agent holds it too.
describe('status screen: whose grant it is', () => {
  it('an inherited profile names its owner; a grant held twice is one warning naming both and doctor --fix', () => {
    const store = stores.codex();
    const status = agentStatus(pathsOf('work'), store, true, {}, NOW, {
      sources: { 'openai-codex:default': { kind: 'inherited', owner: 'main', ownerPaths: pathsOf('main'), ownerId: 'openai-codex:default' } },
    });
    const linked = render(
      <ThemeProvider theme={makeTheme()}>
        <StatusScreen agent="work" status={status} written={null} now={NOW} onDone={() => {}} />
      </ThemeProvider>,
    );
    expect(words(plain(linked.lastFrame()))).toContain('inherited from agent main');
    linked.unmount();

    const twice = agentStatus(pathsOf('work'), store, true, {}, NOW, { heldTwice: [{ id: 'openai-codex:default', other: 'main' }] });
    const warned = render(
      <ThemeProvider theme={makeTheme()}>
        <StatusScreen agent="work" status={twice} written={null} now={NOW} onDone={() => {}} />
      </ThemeProvider>,
    );
    const shown = words(plain(warned.lastFrame()));
    expect(shown).toContain('agent work and agent main hold the same openai-codex:default grant');
    expect(shown).toContain('openclaw doctor --fix');
    expect(shown).not.toContain('inherited from');
    warned.unmount();
  });
});
