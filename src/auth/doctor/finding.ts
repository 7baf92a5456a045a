/** What `openclaw doctor` checks (SPEC 11), as its --json names them. */
export type Check = 'held-twice' | 'mode' | 'owner' | 'stale-lock' | 'stale-temp' | 'store' | 'dangling' | 'relogin' | 'link' | 'legacy' | 'config' | 'plugin';

/** One problem found: what it is, whose, and whether --fix repaired it (and how, in words). */
export interface Finding {
  check: Check;
  /** The agent it concerns; null for the state dir, the config, the legacy file. */
  agent: string | null;
  message: string;
  /** Whether --fix repairs this kind of problem (the others need the user). */
  fixable: boolean;
  fixed: boolean;
  /** What --fix did. */
  done?: string;
  /** Told, but no problem (a hidden plugin file passed over): it leaves the exit code 0. */
  notice?: true;
}
