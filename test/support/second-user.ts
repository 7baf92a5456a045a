import { spawnSync } from 'node:child_process';

/**
 * A second local user for the tests of SPEC 2's ownership rules (another user's state dir, a plugin
 * folder others can write): made with `useradd` when missing, and acted as through `runuser`. Both need
 * root, which CI has. Where the tests run without root they are skipped with a note on stderr, unless
 * OPENCLAW_TEST_REQUIRE_TOOLS=1 (CI), where they run and fail.
 */
export const OTHER_USER = 'openclaw-other';

export interface OtherUser {
  name: string;
  uid: number;
  gid: number;
  /** Runs `sh -c script` as the other user; throws with its stderr when it fails. */
  run: (script: string, ...args: string[]) => string;
}

const idOf = (flag: '-u' | '-g') => {
  const result = spawnSync('id', [flag, OTHER_USER], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
};

let made: OtherUser | null | undefined;

/** The second user, made if need be; null (with a note) where that is not possible and not required. */
export function otherUser(what: string): OtherUser | null {
  if (made !== undefined) return made;
  const required = process.env.OPENCLAW_TEST_REQUIRE_TOOLS === '1';
  if (process.getuid?.() !== 0 && !required) {
    process.stderr.write(`note: skipping ${what}: a second local user needs root (useradd, runuser)\n`);
    return (made = null);
  }
  // Several test files (and worktrees) may ask at once: useradd then fails on its lock, and a retry finds the user.
  for (let attempt = 0; idOf('-u') === null && attempt < 20; attempt++) {
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OTHER_USER], { encoding: 'utf8' });
    if (idOf('-u') === null) spawnSync('sleep', ['0.2']);
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === null || gid === null) throw new Error(`could not make the test user ${OTHER_USER} with useradd`);
  const run = (script: string, ...args: string[]) => {
    const result = spawnSync('runuser', ['-u', OTHER_USER, '--', 'sh', '-c', script, 'sh', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`runuser -u ${OTHER_USER} failed (${result.status}): ${result.stderr}`);
    return result.stdout;
  };
  return (made = { name: OTHER_USER, uid, gid, run });
}
