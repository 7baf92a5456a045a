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
