// Hand-written types for issuer.mjs (kept as JS so plain `node` can import it).

export type FailureMode = { status: number; body?: string | object } | null;

export interface IssuerMode {
  /** chatgpt_account_id for new grants (exchanges and issueGrant default). */
  accountId: string;
  /** expires_in seconds for newly minted tokens, including rotations (5 for a short-lived issuer). */
  expiresIn: number;
  /** When set, /oauth/authorize redirects with error=<this> instead of a code. */
  authorizeError: string | null;
  /** Injected response for every grant_type=refresh_token request. */
  refreshFailure: FailureMode;
  /** Injected response for every grant_type=authorization_code request. */
  exchangeFailure: FailureMode;
  /** Included in every error response body (and authorize error_description). */
  errorCanary: string | null;
  /**
   * How a refresh that is not failed by `refreshFailure` is answered: `normal`; `rotate-without-account`
   * (rotates, but the access token names no account: pi-ai throws after the grant was spent);
   * `rotate-without-access` (rotates, answer without access_token); `oversized` (rotates, answer over
   * 64 KB); `silent` (the request is read and never answered).
   */
  refreshAnswer: "normal" | "rotate-without-account" | "rotate-without-access" | "oversized" | "silent";
  /** The id token's `email` claim, when set. */
  email?: string;
  /** Device sign-in: the user-code endpoint answers 404 (not enabled). */
  deviceDisabled?: boolean;
  /** Device sign-in: the `interval` the user-code answer gives, in seconds (a string on the wire). */
  deviceInterval?: number | string;
  /** Device sign-in: the key of the user code in the answer (some servers say `usercode`). */
  deviceUserCodeKey?: 'user_code' | 'usercode';
  /** Device sign-in: the user code to hand out instead of a random one (a hostile server's, say). */
  deviceUserCode?: string;
  /** Device sign-in: this many polls are answered 429 slow_down first. */
  deviceSlowDown?: number;
}

export interface IssuerOptions extends Partial<IssuerMode> {
  /** Delay applied to /oauth/token responses. */
  latencyMs?: number;
}

export interface IssuerStats {
  authorizeCount: number;
  /** Successful code exchanges. */
  exchangeCount: number;
  /** All code exchange attempts, failures included. */
  exchangeRequests: number;
  /** Successful refreshes (rotations). */
  refreshCount: number;
  /** All refresh attempts, failures included, counted on arrival (before any latency). */
  refreshRequests: number;
  /** Refresh requests that have arrived and are not answered (or closed) yet. */
  refreshesUnanswered: number;
  /** Device sign-in: user-code requests and polls. */
  deviceCodeRequests: number;
  devicePolls: number;
}

export interface IssuedGrant {
  access: string;
  refresh: string;
  /** Epoch ms; in the past when issued with expiresIn <= 0. */
  expires: number;
  accountId: string;
}

export interface Issuer {
  /** Origin, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly port: number;
  /** Live counters. */
  readonly stats: IssuerStats;
  setLatency(ms: number): void;
  setMode(partial: Partial<IssuerMode>): void;
  /**
   * Refresh requests are read and counted but not answered until the returned function is called (short
   * lifetimes: a test lets the answer out once every process has read the store, so that no late reader
   * finds the new token already half spent and rightly refreshes it again).
   */
  holdRefreshes(): () => void;
  /** Device sign-in: approve a user code, as the user does on the device page; false if unknown. */
  approveDevice(userCode: string): boolean;
  /** Device sign-in: the user codes handed out and not yet used. */
  deviceUserCodes(): string[];
  issueGrant(options?: { accountId?: string; expiresIn?: number }): IssuedGrant;
  isCurrentRefresh(token: string): boolean;
  close(): Promise<void>;
}

export function startIssuer(options?: IssuerOptions): Promise<Issuer>;
/** Build a JWT whose payload segment is decodable by plain atob(). */
export function makeJwt(claims: Record<string, unknown>): string;
export function decodeJwtPayload(token: string): Record<string, unknown>;
