// Hand-written types for github-standin.mjs (kept as JS so plain `node` can import it).

export interface GithubStandinOptions {
  /** The device code is approved once this many polls were answered authorization_pending (default 1). */
  approveAfterPolls?: number;
  /** Seconds until a Copilot token expires (default 1800). */
  copilotExpiresIn?: number;
  latencyMs?: number;
}

export interface GithubStandin {
  url: string;
  stats: { deviceCodes: number; polls: number; accessTokens: number; copilotTokens: number; copilotRefused: number; modelPolicies: number };
  issueGithubToken(): string;
  setMode(next: GithubStandinOptions): void;
  close(): Promise<void>;
}

export function startGithubStandin(options?: GithubStandinOptions): Promise<GithubStandin>;
