import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { makeTheme, ThemeProvider } from '../../components/theme.js';
import { AuthChoiceScreen } from '../../flows/onboard/screens/AuthChoiceScreen.js';
import { StatusBody } from '../../flows/onboard/screens/StatusScreen.js';
import { agentStatus } from '../../src/auth/routing/status.js';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps, NOW, pathsOf, stores } from '../support/fake-deps.js';
import { installScreenHooks, KEY, plain, start, words } from './driver.js';

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
        <StatusBody agent="work" status={status} written={null} now={NOW} />
      </ThemeProvider>,
    );
    expect(words(plain(linked.lastFrame()))).toContain('inherited from agent main');
    linked.unmount();
    const choice = render(
      <ThemeProvider theme={makeTheme()}>
        <AuthChoiceScreen agent="work" status={status} now={NOW} headless={false} methods={[]} group="main" canGoBack onChoose={() => {}} onGroup={() => {}} onBack={() => {}} />
      </ThemeProvider>,
    );
    expect(words(plain(choice.lastFrame()))).toContain('signed in as openai-codex:default; refreshes by itself (inherited from agent main)');
    choice.unmount();

    const twice = agentStatus(pathsOf('work'), store, true, {}, NOW, { heldTwice: [{ id: 'openai-codex:default', other: 'main' }] });
    const warned = render(
      <ThemeProvider theme={makeTheme()}>
        <StatusBody agent="work" status={twice} written={null} now={NOW} />
      </ThemeProvider>,
    );
    const shown = words(plain(warned.lastFrame()));
    expect(shown).toContain('agent work and agent main hold the same openai-codex:default grant');
    expect(shown).toContain('openclaw doctor --fix');
    expect(shown).not.toContain('inherited from');
    warned.unmount();
  });
});

describe('auth choice: the other tools\' sign-ins (SPEC 11)', () => {
  it('"OpenAI Codex: use the Codex CLI sign-in" with its account, only when Codex CLI holds a ChatGPT login; choosing it shares it', async () => {
    const none = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' } });
    const plainList = words(await none.waitFor('How should agent main'));
    expect(plainList).not.toContain('Codex CLI');
    expect(plainList).not.toContain('Claude Code');
    none.write(KEY.ctrlC);

    const world = fakeDeps({ main: emptyStore() });
    world.external = { codex: { account: 'dev@example.com' }, claude: true };
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await d.waitFor('How should agent main'));
    expect(shown).toContain('OpenAI Codex: use the Codex CLI sign-in (dev@example.com)');
    expect(shown).toContain('Anthropic: use the Claude Code sign-in');
    await d.press(KEY.down, /./);
    await d.press(KEY.down, /./);
    await d.press(KEY.down, /./);
    await d.press(KEY.enter, 'Saved to');
    expect(world.adopted).toEqual([{ agent: 'main', tool: 'codex-cli', profileId: 'openai-codex:codex-cli' }]);
    expect(world.codexCalls).toEqual([]);
  });

  it('--auth-choice anthropic:claude-cli shares Claude Code\'s sign-in straight away', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.external = { codex: null, claude: true };
    const d = start(world, { options: { agent: 'main', authChoice: 'anthropic:claude-cli' } });
    await d.waitFor('Saved to');
    expect(world.adopted).toEqual([{ agent: 'main', tool: 'claude-cli', profileId: 'anthropic:claude-cli' }]);
  });
});
