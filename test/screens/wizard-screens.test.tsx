import chalk from 'chalk';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { terminalFacts } from '../../src/base/terminal.js';
import { makeTheme, ThemeProvider } from '../../components/theme.js';
import { AuthChoiceScreen } from '../../flows/onboard/screens/AuthChoiceScreen.js';
import type { Options } from '../../flows/onboard/state.js';
import { agentStatus } from '../../src/auth/routing/status.js';
import { emptyStore } from '../../src/model/schema.js';
import { CODEX_STATE, CODEX_URL, fakeDeps, GOOD_TOKEN, NOW, pathsOf, stores, type FakeWorld } from '../support/fake-deps.js';
import { installScreenHooks, joined, KEY, plain, start, words, type Driver } from './driver.js';

installScreenHooks();

const DAY = 86_400_000;
const SSH = { headless: true, reason: 'this is an SSH session' };
const GOOD_PASTE = `http://localhost:1455/auth/callback?code=ac_fakecode123&scope=openid&state=${CODEX_STATE}`;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('agent step', () => {
  it('lists the agents with their profile counts, main preselected, then "Create a new agent…"', async () => {
    const world = fakeDeps({ alpha: emptyStore(), main: stores.merge(stores.setupToken(), stores.codex()), work: 'corrupt' });
    const d = start(world);
    const shown = await d.waitFor('Which agent are you setting up?');
    expect(shown).toContain('❯ main');
    expect(words(shown)).toContain('alpha no profiles yet');
    expect(words(shown)).toContain('main 2 profiles');
    expect(words(shown)).toContain('work store unreadable: it is not valid JSON');
    expect(shown.split('\n').filter((l) => l.trim()).at(-2)).toContain('Create a new agent…');
    await d.press(KEY.down, '❯ work');
    await d.press(KEY.down, '❯ Create a new agent…');
    await d.press(KEY.down, '❯ alpha');
    await d.press(KEY.up, '❯ Create a new agent…');
    await d.press(KEY.up, '❯ work');
    await d.press(KEY.up, '❯ main');
    await d.press(KEY.enter, 'How should agent main sign in?');
  });

  it('a new agent id is validated as it is typed; Enter creates it and goes on', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world);
    await d.waitFor('❯ main');
    await d.press(KEY.down, '❯ Create a new agent…');
    await d.press(KEY.enter, 'New agent id');
    let shown = await d.press('Team', 'Team');
    expect(shown).toContain('use lowercase letters, digits, "-" and "_"');
    // Enter on an invalid id creates nothing: the next key still edits the field.
    d.write(KEY.enter);
    shown = await d.press(KEY.backspace, (f) => f.includes('Tea') && !f.includes('Team'));
    expect(shown).toContain('New agent id');
    expect(world.created).toEqual([]);
    await d.press(KEY.ctrlU, (f) => !f.includes('Tea'));
    shown = await d.press('team-2', 'team-2');
    expect(shown).not.toContain('use lowercase');
    await d.press(KEY.enter, 'How should agent team-2 sign in?');
    expect(world.created).toEqual(['team-2']);
  });

  it('several backspaces in one read delete as many characters; Enter on an empty id says why', async () => {
    const d = start(fakeDeps());
    await d.waitFor('❯ main');
    await d.press(KEY.down, '❯ Create a new agent…');
    await d.press(KEY.enter, 'New agent id');
    await d.press('abcd', 'abcd');
    let shown = await d.press('\u007f\u007f\u007f', (f) => !f.includes('abcd') && !f.includes('abc'));
    expect(shown).toMatch(/❯ a\b/);
    await d.press('\u007f\u007f', (f) => !/❯ a\b/.test(f));
    shown = await d.press(KEY.enter, 'cannot be empty');
    expect(shown).toContain('New agent id');
  });

  it('Esc leaves the new id field for the list', async () => {
    const d = start(fakeDeps());
    await d.waitFor('❯ main');
    await d.press(KEY.down, '❯ Create a new agent…');
    await d.press(KEY.enter, 'New agent id');
    const shown = await d.press(KEY.esc, (f) => !f.includes('New agent id'));
    expect(shown).toContain('Enter choose');
    await d.press(KEY.up, '❯ main');
  });
});

describe('auth choice', () => {
  it('shows, per provider, what this agent has now', async () => {
    const expiring = NOW + 5 * 3_600_000;
    const world = fakeDeps({ main: stores.merge(stores.setupToken('anthropic:default', expiring), stores.codex()), work: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await d.waitFor('How should agent main sign in?'));
    expect(shown).toContain('Anthropic: setup-token (Claude Pro/Max) anthropic:default expires in 5h');
    expect(shown).toContain('OpenAI Codex: ChatGPT sign-in signed in as openai-codex:default; refreshes by itself');
    expect(shown).toContain('Skip for now');
    // Nothing to go back to with --agent: no Esc hint.
    expect(shown).not.toContain('Esc back');

    const other = start(fakeDeps({ main: stores.setupToken('anthropic:default', NOW + 200 * DAY) }), { options: { agent: 'main' } });
    expect(words(await other.waitFor('How should agent main'))).toContain(`signed in as anthropic:default, until ${date(NOW + 200 * DAY)}`);
    const empty = start(fakeDeps({ work: emptyStore() }), { options: { agent: 'work' } });
    const none = words(await empty.waitFor('How should agent work'));
    expect(none).toContain('(Claude Pro/Max) not set up');
    expect(none).toContain('ChatGPT sign-in not set up');
  });

  it('says when a profile has expired or needs signing in again', async () => {
    // The wizard itself opens such an agent on the re-login; the screen still says it for each line.
    const store = stores.merge(stores.setupToken('anthropic:default', NOW - DAY), stores.relogin(stores.codex(), 'openai-codex:default'));
    const ink = render(
      <ThemeProvider theme={makeTheme()}>
        <AuthChoiceScreen agent="main" status={agentStatus(pathsOf('main'), store, true, {}, NOW)} now={NOW} headless={false} methods={[]} group="main" canGoBack onChoose={() => {}} onGroup={() => {}} onBack={() => {}} />
      </ThemeProvider>,
    );
    const shown = words(plain(ink.lastFrame()));
    expect(shown).toContain('(Claude Pro/Max) anthropic:default expired');
    expect(shown).toContain('ChatGPT sign-in openai-codex:default needs signing in again');
    expect(shown).toContain('Esc back');
  });

  it('Esc goes back to the agent list', async () => {
    const d = start(fakeDeps({ main: emptyStore(), work: emptyStore() }));
    await d.waitFor('❯ main');
    await d.press(KEY.down, '❯ work');
    expect(await d.press(KEY.enter, 'How should agent work sign in?')).toContain('Esc back');
    // The cursor is where it was (issue 22, item 6: it came back to the first line).
    expect(await d.press(KEY.esc, 'Which agent are you setting up?')).toContain('❯ work');
    await d.press(KEY.enter, 'How should agent work sign in?');
  });

  it('Ctrl+C exits 130 and nothing is saved', async () => {
    const world = fakeDeps();
    const d = start(world, { options: { agent: 'main' } });
    await d.waitFor('How should agent main sign in?');
    d.write(KEY.ctrlC);
    expect(await d.exit()).toEqual({ kind: 'exit', code: 130, message: 'Cancelled; nothing was saved.' });
    expect(world.saved).toEqual([]);
    expect(world.codexCalls).toEqual([]);
    expect(d.exits).toHaveLength(1);
  });

  it('skip: the status screen, and q leaves with 0', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    await d.waitFor('❯ Anthropic');
    await d.press(KEY.up, '❯ Skip for now');
    const shown = await d.press(KEY.enter, 'Agent main: nothing signed in yet');
    expect(shown).toContain('No profiles yet.');
    expect(shown).not.toContain('Saved to');
    d.write('q');
    expect(await d.exit()).toEqual({ kind: 'exit', code: 0, message: null });
  });
});

describe('setup-token', () => {
  async function toTokenField(d: Driver) {
    await d.waitFor('❯ Anthropic');
    return d.press(KEY.enter, 'Paste the token (hidden):');
  }

  it('masked paste, a bad token explained and asked again, a profile name, then the status; the token is never drawn', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    expect(words(await toTokenField(d))).toContain('claude setup-token');

    const short = 'sk-ant-oat01-tooShortToBeReal';
    let shown = await d.press(KEY.paste(short), `(${short.length} characters)`);
    expect(shown).toContain('•'.repeat(24));
    shown = await d.press(KEY.enter, 'That token is 29 characters');
    expect(words(shown)).toContain('a setup-token has at least 80');
    expect(shown).not.toContain('characters)');

    await d.press(KEY.paste('https://claude.ai/oauth/callback?code=abc&state=xyz'), 'characters)');
    expect(words(await d.press(KEY.enter, 'looks like a sign-in address'))).toContain('starts with sk-ant-oat01-');

    // Two tokens on two lines are not joined into one: refused in the field, without the token.
    const twice = `${GOOD_TOKEN}\n${GOOD_TOKEN}`;
    await d.press(KEY.paste(twice), `(${twice.length} characters)`);
    expect(words(await d.press(KEY.enter, 'more than one token or key'))).toContain('paste only one');

    // A terminal that wrapped the token: the line break is no part of it.
    const wrapped = `${GOOD_TOKEN.slice(0, 50)}\n${GOOD_TOKEN.slice(50)}`;
    await d.press(KEY.paste(wrapped), `(${wrapped.length} characters)`);
    shown = await d.press(KEY.enter, 'Profile name');
    expect(shown).not.toContain('That looks like');

    shown = await d.press('Work', 'Work');
    expect(shown).toContain('use a-z, 0-9');
    await d.press(KEY.ctrlU, (f) => !f.includes('Work'));
    await d.press('anthropic:work', 'anthropic:work');
    shown = await d.press(KEY.enter, 'Agent main: status');
    expect(words(shown)).toContain(`Saved to ${pathsOf('main').storeFile}`);
    expect(words(shown)).toContain('anthropic active: anthropic:work');
    expect(words(shown)).toContain('anthropic:work ok');
    expect(world.saved).toEqual([{ agent: 'main', profileId: 'anthropic:work', token: GOOD_TOKEN }]);

    d.write(KEY.enter);
    expect(await d.exit()).toMatchObject({ code: 0 });
    const secret = GOOD_TOKEN.slice('sk-ant-oat01-'.length);
    for (const frame of d.frames()) {
      const text = plain(frame);
      for (const piece of [GOOD_TOKEN, secret, secret.slice(0, 12), secret.slice(20, 32), 'SECRETBODY']) {
        expect(text).not.toContain(piece);
        expect(text.replace(/\s/g, '')).not.toContain(piece);
      }
    }
  });

  it('Enter on the name field saves as anthropic:default; Esc on the token field goes back', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    expect(await toTokenField(d)).toContain('Esc back');
    await d.press(KEY.esc, 'How should agent main sign in?');
    await d.press(KEY.enter, 'Paste the token (hidden):');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    await d.press(KEY.enter, 'Profile name');
    await d.press(KEY.enter, 'Agent main: status');
    expect(world.saved.map((s) => s.profileId)).toEqual(['anthropic:default']);
  });

  it('a failed save: the error, nothing saved, Enter tries again', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.saveFails = 'Could not write the store: EACCES.';
    const d = start(world, { options: { agent: 'main' } });
    await toTokenField(d);
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    await d.press(KEY.enter, 'Profile name');
    const shown = await d.press(KEY.enter, 'Could not write the store: EACCES.');
    expect(shown).toContain('Nothing was saved.');
    await d.press(KEY.enter, 'Paste the token (hidden):');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    // The profile was named on the first try: the retry saves straight away.
    await d.press(KEY.enter, 'Agent main: status');
    expect(world.saved.map((s) => s.profileId)).toEqual(['anthropic:default', 'anthropic:default']);
  });
});

describe('codex', () => {
  async function toCodex(d: Driver) {
    await d.waitFor('❯ Anthropic');
    await d.press(KEY.down, '❯ OpenAI Codex');
    return d.press(KEY.enter, 'Paste the address the browser landed on:');
  }

  it('shows the whole URL and the browser it opened; a rejected paste is explained and asked again; then the status', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    let shown = await toCodex(d);
    expect(joined(shown)).toContain(CODEX_URL);
    expect(words(shown)).toContain('Opened in the open package.');
    expect(shown).not.toContain('ssh -L');
    expect(world.codexCalls).toMatchObject([{ agent: 'main', profileId: 'openai-codex:default', noBrowser: false }]);

    const stale = 'http://localhost:1455/auth/callback?code=ac_x&state=another-attempt';
    shown = await d.press(KEY.paste(stale), 'another-attempt');
    shown = await d.press(KEY.enter, 'different sign-in attempt');
    expect(shown).not.toContain('another-attempt');
    expect(shown).toContain('Paste the address the browser landed on:');

    await d.press(KEY.paste('http://localhost:1455/auth/callback?error=access_denied'), 'error=access_denied');
    expect(words(await d.press(KEY.enter, 'cancelled or access was denied'))).not.toContain('different sign-in attempt');
    // The view updated several times on one entry of the step: still the one login, never restarted.
    expect(world.codexCalls).toHaveLength(1);
    expect(world.codexCalls[0]!.signal.aborted).toBe(false);

    await d.press(KEY.paste(GOOD_PASTE), 'ac_fakecode123');
    shown = await d.press(KEY.enter, 'Agent main: status');
    expect(words(shown)).toContain('openai-codex:default ok');
    expect(words(shown)).toContain('acct-fake-1');
    expect(words(shown)).toContain(`Saved to ${pathsOf('main').storeFile}`);
    expect(world.agents.get('main')!.store.profiles['openai-codex:default']).toMatchObject({ type: 'oauth', accountId: 'acct-fake-1' });
  });

  it('keeps the URL whole at 60 columns', async () => {
    const d = start(fakeDeps({ main: emptyStore() }), { options: { agent: 'main' }, width: 60 });
    const shown = await toCodex(d);
    const lines = shown.split('\n');
    // One logical line, which the terminal soft-wraps (issue 22, item 2: it was broken by newlines);
    // every other line fits.
    expect(lines).toContain(CODEX_URL);
    expect(Math.max(...lines.filter((l) => l !== CODEX_URL).map((l) => stringWidth(l)))).toBeLessThanOrEqual(60);
    // A pasted address longer than a line is drawn whole too, every character of it.
    const pasted = `${GOOD_PASTE}&extra=${'z'.repeat(40)}`;
    const withPaste = await d.press(KEY.paste(pasted), 'extra=');
    const field = withPaste.slice(withPaste.indexOf('Paste the address the browser landed on:'));
    expect(joined(field)).toContain(pasted);
    for (const line of withPaste.split('\n').filter((l) => l !== CODEX_URL)) expect(stringWidth(line)).toBeLessThanOrEqual(60);
  });

  it('headless: no browser, open the link on your own computer and paste, or the ssh -L tunnel', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.codex.headless = SSH;
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await toCodex(d));
    expect(shown).toContain('No browser is opened: this is an SSH session.');
    expect(shown).toContain('Open the link in the browser on your own computer');
    expect(shown).toContain('ssh -L 1455:127.0.0.1:1455 <host>');
    expect(shown).not.toContain('Opened in');
    // Issue 22, item 10: it waits for the paste (or the tunnel), not for a browser it never opened.
    expect(shown).toContain('Waiting for the pasted address, or for the sign-in through the forwarded port…');
    expect(shown).not.toContain('finish in the browser');
  });

  it('--no-browser says so and passes it to the login', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main', noBrowser: true } });
    const shown = words(await toCodex(d));
    expect(shown).toContain('No browser is opened (--no-browser).');
    expect(shown).toContain('ssh -L 1455:127.0.0.1:1455 <host>');
    expect(world.codexCalls[0]!.noBrowser).toBe(true);
    expect(shown).not.toContain('finish in the browser');
  });

  it('port 1455 busy: says so and goes straight to the paste', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.codex.portBusy = true;
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await toCodex(d));
    expect(shown).toContain('Port 1455 is in use');
    expect(shown).toContain('paste the address the browser lands on');
    expect(shown).not.toContain('Opened in');
    expect(shown).not.toContain('ssh -L');
    expect(shown).toContain('Waiting for the pasted address…');
    expect(shown).not.toContain('finish in the browser');
  });

  it('port 1455 busy and its holder found: the wizard names its pid and command', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.codex.portBusy = true;
    world.codex.portHolder = { pid: 31337, command: 'node old-login.js' };
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await toCodex(d));
    expect(shown).toContain('Port 1455 is in use by process 31337 (node old-login.js)');
    expect(shown).toContain('kill 31337');
  });

  it('Esc while the login waits: back to the auth choice on the same line, the login aborted, nothing saved', async () => {
    const world = fakeDeps({ main: emptyStore() });
    const d = start(world, { options: { agent: 'main' } });
    await toCodex(d);
    const call = world.codexCalls[0]!;
    expect(call.signal.aborted).toBe(false);
    expect(await d.press(KEY.esc, 'How should agent main sign in?')).toContain('❯ OpenAI Codex: ChatGPT sign-in');
    expect(d.exits).toEqual([]);
    await call.done;
    expect(call.signal.aborted).toBe(true);
    await Promise.allSettled(d.tracked);
    expect(world.agents.get('main')!.store.profiles).toEqual({});
    expect(d.exits).toHaveLength(0);
  });

  it('a failed login: the error, then retry (a new attempt) and back to the choice', async () => {
    const world = fakeDeps({ main: emptyStore() });
    world.codex.failWith = 'Signing in failed: the sign-in server refused the code (HTTP 400, invalid_grant).';
    const d = start(world, { options: { agent: 'main' } });
    await toCodex(d);
    await d.press(KEY.paste(GOOD_PASTE), 'ac_fakecode123');
    let shown = await d.press(KEY.enter, 'Nothing was saved.');
    expect(words(shown)).toContain('refused the code (HTTP 400, invalid_grant)');
    expect(shown).toContain('Enter try again');
    expect(shown).toContain('Esc back');
    shown = await d.press(KEY.enter, 'Paste the address the browser landed on:');
    expect(world.codexCalls).toHaveLength(2);
    expect(world.codexCalls[0]!.signal.aborted).toBe(true);
    await d.press(KEY.paste(GOOD_PASTE), 'ac_fakecode123');
    await d.press(KEY.enter, 'Nothing was saved.');
    await d.press(KEY.esc, 'How should agent main sign in?');
    expect(world.agents.get('main')!.store.profiles).toEqual({});
  });
});

describe('guided re-login', () => {
  it('opens straight on the Codex login naming the profile, and a success clears the mark', async () => {
    const store = stores.merge(stores.setupToken(), stores.relogin(stores.codex('openai-codex:work'), 'openai-codex:work'));
    const world = fakeDeps({ main: store });
    const d = start(world, { options: { agent: 'main' } });
    let shown = words(await d.waitFor('Paste the address the browser landed on:'));
    expect(shown).toContain('OpenAI Codex: sign in with ChatGPT (openai-codex:work)');
    expect(shown).toContain('openai-codex:work needs signing in again: its refresh token was used elsewhere');
    expect(shown).toContain('keeps the same profile id');
    expect(world.codexCalls[0]!.profileId).toBe('openai-codex:work');
    await d.press(KEY.paste(GOOD_PASTE), 'ac_fakecode123');
    shown = words(await d.press(KEY.enter, 'Agent main: status'));
    expect(shown).toContain('openai-codex:work ok');
    expect(shown).not.toContain('relogin');
    expect(world.agents.get('main')!.store.usageStats?.['openai-codex:work']).toBeUndefined();
  });

  it('an expired setup-token: the token field for that profile, saved under the same id without asking a name', async () => {
    const world = fakeDeps({ main: stores.setupToken('anthropic:work', NOW - DAY) });
    const d = start(world, { options: { agent: 'main' } });
    const shown = words(await d.waitFor('Paste the token (hidden):'));
    expect(shown).toContain('anthropic:work needs signing in again: the token has expired');
    // Opened by --agent on the re-login: nothing to go back to, so no Esc hint.
    expect(shown).not.toContain('Esc back');
    await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
    expect(words(await d.press(KEY.enter, 'Agent main: status'))).toContain('anthropic:work ok');
    expect(world.saved).toEqual([{ agent: 'main', profileId: 'anthropic:work', token: GOOD_TOKEN }]);
  });

  it('--relogin with an unknown profile exits 1 naming it', async () => {
    const d = start(fakeDeps({ main: stores.setupToken() }), { options: { agent: 'main', relogin: 'anthropic:nope' } });
    expect(await d.exit()).toEqual({ kind: 'exit', code: 1, message: 'No profile anthropic:nope on agent main. None of its profiles needs signing in again.' });
  });
});

describe('a broken store', () => {
  it('names the file and the problem; y moves it aside and goes on', async () => {
    const world = fakeDeps({ main: 'corrupt' });
    const d = start(world, { options: { agent: 'main' } });
    const shown = await d.waitFor('cannot be used');
    expect(words(shown)).toContain('The credential store cannot be used: it is not valid JSON');
    expect(shown.replace(/\n/g, '')).toContain(pathsOf('main').storeFile);
    expect(words(shown)).toContain('auth-profiles.json.corrupt-<time>');
    await d.press('y', 'How should agent main sign in?');
    expect(world.movedAside).toEqual(['main']);
  });

  it('n leaves it and exits 1', async () => {
    const world = fakeDeps({ main: 'corrupt' });
    const d = start(world, { options: { agent: 'main' } });
    await d.waitFor('cannot be used');
    d.write('n');
    expect(await d.exit()).toMatchObject({ code: 1 });
    expect(world.movedAside).toEqual([]);
  });
});

describe('status', () => {
  it('shows each profile (id, type, state, expiry, account), the active one per provider, and the next commands', async () => {
    // 30 days: a setup-token is told `expiring` 14 days ahead (issue 21), so a healthy one has more left.
    const healthy = stores.merge(stores.setupToken('anthropic:default', NOW + 30 * DAY), stores.codex());
    const s = start(fakeDeps({ main: healthy, work: healthy }), { options: { agent: 'work', authChoice: 'skip' } });
    const shown = words(await s.waitFor('Agent work: status'));
    expect(shown).toContain('anthropic active: anthropic:default');
    expect(shown).toContain('anthropic:default ok token · expires in 30d');
    expect(shown).toContain('openai-codex active: openai-codex:default');
    expect(shown).toContain('openai-codex:default ok oauth · access token expires in 5d; refreshes by itself · acct-1');
    expect(shown).toContain('openclaw models status --agent work');
    expect(shown).toContain('Enter finish');
    s.write(KEY.enter);
    expect(await s.exit()).toEqual({ kind: 'exit', code: 0, message: null });
  });

  it('a setup-token 10 days from its end: expiring, with the command that renews it (issue 21)', async () => {
    const soon = stores.merge(stores.setupToken('anthropic:default', NOW + 10 * DAY), stores.codex());
    const s = start(fakeDeps({ main: soon }), { options: { agent: 'main', authChoice: 'skip' } });
    const shown = words(await s.waitFor('Agent main: status'));
    expect(shown).toContain('anthropic:default expiring token · expires in 10d and cannot renew itself; renew it with openclaw models auth setup-token --provider anthropic');
    expect(shown).toMatch(/Next openclaw models auth setup-token --provider anthropic openclaw models status/);
    s.write(KEY.enter);
    expect(await s.exit()).toEqual({ kind: 'exit', code: 0, message: null });
  });
});

/** Colour SGR parameters: foreground, background, bright, and their resets. */
function colourEscapes(frame: string): string[] {
  const found: string[] = [];
  for (const match of frame.matchAll(/\u001b\[([\d;]*)m/g)) {
    const params = match[1]!.split(';').map(Number);
    if (params.some((p) => (p >= 30 && p <= 49) || (p >= 90 && p <= 107))) found.push(JSON.stringify(match[0]));
  }
  return found;
}

/** Visits every screen: agent list and new id, auth choice, token field with an error, name field, status. */
async function tourSetupToken(d: Driver) {
  await d.waitFor('❯ main');
  await d.press(KEY.down, '❯ Create a new agent…');
  await d.press(KEY.enter, 'New agent id');
  await d.press('Bad Id With A Long Name Beyond What Fits In Sixty Columns', 'use lowercase');
  await d.press(KEY.esc, (f) => !f.includes('New agent id'));
  await d.press(KEY.up, '❯ main');
  await d.press(KEY.enter, 'How should agent main sign in?');
  await d.press(KEY.enter, 'Paste the token (hidden):');
  await d.press(KEY.paste('sk-ant-oat01-short'), 'characters)');
  await d.press(KEY.enter, 'a setup-token has at least');
  await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
  await d.press(KEY.enter, 'Profile name');
  await d.press('Not A Valid Name', 'use a-z');
  await d.press(KEY.ctrlU, (f) => !f.includes('Not A Valid'));
  await d.press('work', '❯ work');
  await d.press(KEY.enter, 'Agent main: status');
  d.write('q');
  await d.exit();
}

/** The Codex screens: headless with a rejected paste, a failure, a retry with the port busy, Esc. */
async function tourCodex(d: Driver, world: FakeWorld) {
  world.codex.headless = SSH;
  world.codex.failWith = 'Signing in failed: auth.openai.com could not be reached. Check the network (and HTTPS_PROXY, if you use a proxy), then try again.';
  await d.waitFor('❯ Anthropic');
  await d.press(KEY.down, '❯ OpenAI Codex');
  await d.press(KEY.enter, 'ssh -L');
  await d.press(KEY.paste('http://localhost:1455/auth/callback?code=ac_x&state=another-attempt'), 'another-attempt');
  await d.press(KEY.enter, 'different sign-in attempt');
  await d.press(KEY.paste(GOOD_PASTE), 'ac_fakecode123');
  await d.press(KEY.enter, 'Nothing was saved.');
  world.codex.portBusy = true;
  world.codex.headless = { headless: false, reason: null };
  await d.press(KEY.enter, 'Port 1455 is in use');
  d.write(KEY.ctrlC);
  await d.exit();
}

/** A broken store, then an expired token's re-login straight to the status with a Codex profile to fix. */
async function tourRelogin(d: Driver) {
  await d.waitFor('cannot be used');
  await d.press('y', 'needs signing in again');
  await d.press(KEY.paste(GOOD_TOKEN), 'characters)');
  await d.press(KEY.enter, 'Agent main: status');
  d.write(KEY.enter);
  await d.exit();
}

const tours: [string, (d: Driver, world: FakeWorld) => Promise<void>, () => FakeWorld, Partial<Options>][] = [
  ['setup-token', tourSetupToken, () => fakeDeps({ main: emptyStore(), 'an-agent-with-a-rather-long-id': stores.codex() }), {}],
  ['codex', tourCodex, () => fakeDeps({ main: emptyStore() }), { agent: 'main' }],
  [
    're-login',
    tourRelogin,
    () => {
      const world = fakeDeps({ main: 'corrupt' });
      const fixed = stores.merge(stores.setupToken('anthropic:a-long-profile-name-for-wrapping', NOW - DAY), stores.relogin(stores.codex('openai-codex:second'), 'openai-codex:second'));
      // After the move aside the agent holds an expired token and a Codex profile that needs re-login.
      const moveAside = world.deps.moveAsideStore;
      world.deps.moveAsideStore = async (agent) => {
        const moved = await moveAside(agent);
        world.agents.get(agent)!.store = fixed;
        return moved;
      };
      return world;
    },
    { agent: 'main' },
  ],
];

describe('NO_COLOR', () => {
  let level: typeof chalk.level;
  beforeAll(() => {
    // Under the test runner stdout is no terminal and chalk draws no colour at all: force it, so that
    // only the theme decides.
    level = chalk.level;
    chalk.level = 3;
  });
  afterAll(() => {
    chalk.level = level;
  });

  for (const [name, tour, makeWorld, options] of tours) {
    it(`${name}: no frame has a colour escape; with colour on, frames do`, async () => {
      const plainWorld = makeWorld();
      const noColour = start(plainWorld, { options, theme: makeTheme(terminalFacts({ NO_COLOR: '1' })) });
      await tour(noColour, plainWorld);
      expect(noColour.frames().length).toBeGreaterThan(5);
      expect(noColour.frames().flatMap(colourEscapes)).toEqual([]);

      const colourWorld = makeWorld();
      const coloured = start(colourWorld, { options, theme: makeTheme() });
      await tour(coloured, colourWorld);
      expect(coloured.frames().flatMap(colourEscapes).length).toBeGreaterThan(0);
    });
  }
});

describe('60 columns', () => {
  const widest = (frames: string[]) => {
    let max = { width: 0, line: '' };
    for (const frame of frames) {
      // A link is one logical line the terminal soft-wraps (issue 22, item 2): every other line must fit.
      for (const line of plain(frame).split('\n').filter((l) => !/^https?:\/\/\S+$/.test(l))) {
        const width = stringWidth(line);
        if (width > max.width) max = { width, line };
      }
    }
    return max;
  };

  for (const [name, tour, makeWorld, options] of tours) {
    it(`${name}: no line of any frame is wider than 60`, async () => {
      const narrowWorld = makeWorld();
      const narrow = start(narrowWorld, { options, width: 60 });
      await tour(narrow, narrowWorld);
      expect(widest(narrow.frames()).width, widest(narrow.frames()).line).toBeLessThanOrEqual(60);

      // The same tour at the test terminal's 100 columns does draw wider lines: the check measures.
      const wideWorld = makeWorld();
      const wide = start(wideWorld, { options });
      await tour(wide, wideWorld);
      expect(widest(wide.frames()).width).toBeGreaterThan(60);
    });
  }

  it('the auth choice with expired and re-login lines fits', () => {
    const store = stores.merge(stores.setupToken('anthropic:a-long-profile-name-for-wrapping', NOW - DAY), stores.relogin(stores.codex(), 'openai-codex:default'));
    const ink = render(
      <Box width={60}>
        <ThemeProvider theme={makeTheme()}>
          <AuthChoiceScreen agent="an-agent-with-a-rather-long-id" status={agentStatus(pathsOf('main'), store, true, {}, NOW)} now={NOW} headless={false} methods={[]} group="main" canGoBack onChoose={() => {}} onGroup={() => {}} onBack={() => {}} />
        </ThemeProvider>
      </Box>,
    );
    const shown = plain(ink.lastFrame());
    expect(shown).toContain('needs signing in');
    for (const line of shown.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(60);
  });
});

describe('pasted text is drawn without escapes (security review)', () => {
  it('a bracketed paste holding OSC sequences reaches the screen stripped', async () => {
    const { render } = await import('ink-testing-library');
    const { TextInput } = await import('../../components/TextInput.js');
    const app = render(<TextInput label="Paste the address:" tooLongNote={() => 'too long'} onSubmit={() => undefined} />);
    await new Promise((r) => setTimeout(r, 50));
    app.stdin.write('\u001b[200~http://localhost:1455/?code=a\u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007\u001b[201~');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('code=a'));
    expect(app.lastFrame()).not.toMatch(/\u001b\]|\u0007/);
    expect(app.lastFrame()).not.toContain('pwned');
  });
});

describe('a field\'s error is about what was submitted', () => {
  it('it goes once the field holds something else, and a live problem shows again', async () => {
    const { render } = await import('ink-testing-library');
    const { TextInput } = await import('../../components/TextInput.js');
    const app = render(<TextInput label="New agent id" tooLongNote={() => 'too long'} error="Use lowercase letters." liveProblem={(v) => (v === 'Bad2' ? 'still bad' : null)} onSubmit={() => undefined} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(app.lastFrame()).toContain('Use lowercase letters.');
    app.stdin.write('Bad2');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('still bad'));
    expect(app.lastFrame()).not.toContain('Use lowercase letters.');
  });
});
