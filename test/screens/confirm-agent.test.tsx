import { Box } from 'ink';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { makeTheme, ThemeProvider } from '../../components/theme.js';
import { ConfirmAgentScreen } from '../../flows/onboard/screens/ConfirmAgentScreen.js';
import { emptyStore } from '../../src/model/schema.js';
import { fakeDeps } from '../support/fake-deps.js';
import { installScreenHooks, KEY, plain, start, words } from './driver.js';

installScreenHooks();

const QUESTION = 'Agent new1 does not exist yet. Create it?';
const NOTHING_CREATED = 'Nothing was created. See the agents there are with: openclaw agents list';
const atQuestion = () => {
  const world = fakeDeps({ main: emptyStore() });
  return { world, d: start(world, { options: { agent: 'new1', newAgent: true } }) };
};

describe('onboard --agent <new id>', () => {
  it('asks before creating; y creates it and goes on to the auth choice, with nothing to go back to', async () => {
    const { world, d } = atQuestion();
    const shown = words(await d.waitFor(QUESTION));
    expect(shown).toContain('y/Enter create it');
    expect(shown).toContain('n/Esc quit, nothing created');
    expect(world.created).toEqual([]);
    expect(world.agents.has('new1')).toBe(false);
    const choice = await d.press('y', 'How should agent new1 sign in?');
    expect(choice).not.toContain('Esc back');
    expect(world.created).toEqual(['new1']);
  });

  it('Enter creates it too', async () => {
    const { world, d } = atQuestion();
    await d.waitFor(QUESTION);
    await d.press(KEY.enter, 'How should agent new1 sign in?');
    expect(world.created).toEqual(['new1']);
  });

  it('n: cancelled (exit 130), nothing created, and how to see the agents there are', async () => {
    const { world, d } = atQuestion();
    await d.waitFor(QUESTION);
    d.write('n');
    expect(await d.exit()).toEqual({ kind: 'exit', code: 130, message: NOTHING_CREATED });
    expect(world.created).toEqual([]);
    expect(d.exits).toHaveLength(1);
  });

  it('Esc: the same as n', async () => {
    const { world, d } = atQuestion();
    await d.waitFor(QUESTION);
    d.write(KEY.esc);
    expect(await d.exit()).toEqual({ kind: 'exit', code: 130, message: NOTHING_CREATED });
    expect(world.created).toEqual([]);
  });

  it('Ctrl+C: exit 130, nothing created', async () => {
    const { world, d } = atQuestion();
    await d.waitFor(QUESTION);
    d.write(KEY.ctrlC);
    expect(await d.exit()).toMatchObject({ code: 130 });
    expect(world.created).toEqual([]);
  });

  it('an agent that exists is not asked about', async () => {
    const world = fakeDeps({ main: emptyStore(), work: emptyStore() });
    const d = start(world, { options: { agent: 'work' } });
    await d.waitFor('How should agent work sign in?');
    expect(d.frames().map(plain).join('\n')).not.toContain('does not exist yet');
    expect(world.created).toEqual([]);
  });

  it('fits 60 columns, even with a long id', () => {
    const ink = render(
      <Box width={60}>
        <ThemeProvider theme={makeTheme()}>
          <ConfirmAgentScreen agent="an-agent-with-a-rather-long-id-that-goes-on-and-on" onAnswer={() => {}} />
        </ThemeProvider>
      </Box>,
    );
    const shown = plain(ink.lastFrame());
    expect(words(shown)).toContain('an-agent-with-a-rather-long-id-that-goes-on-and-on does not exist yet');
    for (const line of shown.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(60);
  });
});
