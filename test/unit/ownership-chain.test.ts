import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inFolder } from '../../src/env/paths.js';
import { foldersToCheck } from '../../src/store/ownership.js';

/** What assertOwnPaths checked before foldersToCheck: relative() and a dirname() walk. */
function byRelative(stateDir: string, agentDir: string): string[] {
  const dirs = [stateDir];
  const inside = relative(stateDir, agentDir);
  if (inside && !inside.startsWith('..') && !inside.startsWith(sep)) {
    const chain: string[] = [];
    for (let dir = agentDir; dir !== stateDir && dir !== dirname(dir); dir = dirname(dir)) chain.unshift(dir);
    dirs.push(...chain);
  } else if (agentDir !== stateDir) {
    dirs.push(agentDir);
  }
  return dirs;
}

describe('foldersToCheck (SPEC 2: every folder from the state dir down to the agent dir)', () => {
  it('walks down from the state dir to an agent dir inside it', () => {
    expect(foldersToCheck('/home/u/.openclaw', '/home/u/.openclaw/agents/work/agent')).toEqual([
      '/home/u/.openclaw',
      '/home/u/.openclaw/agents',
      '/home/u/.openclaw/agents/work',
      '/home/u/.openclaw/agents/work/agent',
    ]);
  });

  it.each([
    ['/s', '/s/agents/main/agent'],
    ['/s', '/s'],
    ['/s', '/elsewhere/agent'],
    ['/s', '/s2/agents/main/agent'],
    ['/s/agents', '/s'],
    ['/', '/a/b'],
    ['/s', '/s/a'],
  ])('answers as relative() and dirname() did: state %s, agent %s', (stateDir, agentDir) => {
    expect(foldersToCheck(stateDir, agentDir)).toEqual(byRelative(stateDir, agentDir));
  });

  it('takes a folder named ..x inside the state dir as inside it (relative() said outside)', () => {
    expect(foldersToCheck('/s', '/s/..x/agent')).toEqual(['/s', '/s/..x', '/s/..x/agent']);
  });
});

describe('inFolder', () => {
  it.each(['/s/agents/main/agent', '/', '/a'])('answers as join() does for %s', (dir) => {
    expect(inFolder(dir, 'auth.json')).toBe(join(dir, 'auth.json'));
  });
});
