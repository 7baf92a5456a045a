import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';

describe('the command table', () => {
  it('each command is loaded under the words of its own spec', async () => {
    for (const [path, load] of Object.entries(COMMANDS)) expect((await load()).path, path).toBe(path);
  });
});
