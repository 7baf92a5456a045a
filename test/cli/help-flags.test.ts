import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/context.js';

// src/cli/main.ts makes the flags of the one command a help line is about, and no other's: each line below
// must still show the flags of its command (and only those), whatever follows its words.
describe('help shows the flags of the command it is about', () => {
  it.each([
    [['models', 'auth', 'login', '--help'], '--device-code'],
    [['models', 'auth', 'login', '-h', '--provider', 'openai'], '--device-code'],
    // Commander's help command takes one word: `help doctor`.
    [['help', 'doctor'], '--fix'],
    [['models', 'status', '--help'], '--probe'],
    [['agents', 'add', '--help'], '--copy-auth-from'],
  ])('%j', async (args, flag) => {
    const result = await runInProcess(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(flag);
  });

  it('the lists of commands show each with its "[options]", as when every flag was made', async () => {
    const root = await runInProcess(['--help']);
    expect(root.stdout).toMatch(/onboard \[options\]/);
    expect(root.stdout).toMatch(/doctor \[options\]/);
    const auth = await runInProcess(['models', 'auth', '--help']);
    expect(auth.stdout).toMatch(/login \[options\]/);
    expect(auth.stdout).not.toContain('--device-code');
  });
});

describe('help loads the commands it shows, no others', () => {
  /** The commands whose modules a line loaded (src/cli/main.ts's COMMANDS, watched). */
  async function loadedBy(args: string[]): Promise<string[]> {
    const { COMMANDS } = await import('../../src/cli/main.js');
    const loaded: string[] = [];
    const originals = { ...COMMANDS };
    for (const [path, load] of Object.entries(originals)) COMMANDS[path] = () => (loaded.push(path), load());
    try {
      const result = await runInProcess(args);
      expect(result.code).toBe(0);
    } finally {
      Object.assign(COMMANDS, originals);
    }
    return loaded.sort();
  }

  it.each([
    // The program's help lists onboard, the groups and doctor: the groups' commands are not loaded (~2 ms).
    [['--help'], ['doctor', 'onboard']],
    [['help'], ['doctor', 'onboard']],
    [['models', '--help'], ['models status']],
    [['help', 'models', 'auth'], ['models status']],
    [['models', 'auth', '--help'], ['models auth login', 'models auth logout', 'models auth order', 'models auth paste-token', 'models auth providers', 'models auth setup-token', 'models auth token']],
    [['models', 'auth', 'login', '--provider', 'openai', '--help'], ['models auth login']],
    [['--agent', 'x', 'models', '--help'], ['doctor', 'onboard']],
    // A flag right after `help`: commander shows the program's help.
    [['help', '--json', 'models'], ['doctor', 'onboard']],
    [['models', 'help', '--json', 'auth'], ['models status']],
  ])('%j loads %j', async (args, modules) => {
    expect(await loadedBy(args)).toEqual(modules);
  });

  it('a line with -- builds the whole tree (commander takes every word after it as an operand)', async () => {
    expect(await loadedBy(['--', 'help', 'models'])).toHaveLength(13);
  });

  // Found by comparing every help line of up to four words with the whole tree's: commander's answer to these
  // is the help of the level it reached, with all of that level's commands.
  it.each([
    [['help', '--json', 'models'], ['onboard', 'models', 'agents', 'channels', 'doctor']],
    [['help', '-h', 'agents'], ['onboard', 'models', 'agents', 'channels', 'doctor']],
    [['models', 'help', '--json', 'auth'], ['auth', 'status']],
    [['--', 'models', 'help'], ['auth', 'status']],
  ])('%j shows the help of the level commander reached, whole', async (args, listed) => {
    const result = await runInProcess(args);
    expect(result.code).toBe(0);
    for (const name of listed) expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });
});
