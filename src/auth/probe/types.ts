/**
 * A live check of one credential (issue 21): one cheap, read-only request with its secret, and what came
 * of it as OpenClaw's `models status --probe` reports it: a status bucket and a stable reason code
 * (https://docs.openclaw.ai/auth-credential-semantics, "Stable probe reason codes": ok, missing_credential,
 * expired, unresolved_ref, …; the buckets ok / auth / rate_limit / billing / timeout / network / unknown are
 * its probe's). The codes past OpenClaw's own name what the provider answered.
 */
export type ProbeBucket = 'ok' | 'auth' | 'rate_limit' | 'billing' | 'timeout' | 'network' | 'unknown';

export type ProbeReason =
  | 'ok'
  | 'missing_credential'
  | 'expired'
  | 'unresolved_ref'
  | 'relogin_required'
  | 'proxy_invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'refresh_failed'
  | 'rate_limited'
  | 'payment_required'
  | 'quota_exhausted'
  | 'timeout'
  | 'connection_refused'
  | 'host_not_found'
  | 'connection_failed'
  | 'server_error'
  | 'unexpected_status'
  | 'no_probe';

/** One usage window of a ChatGPT plan (Codex's 5-hour and weekly limits). */
export interface UsageWindow {
  name: 'primary' | 'secondary';
  usedPercent: number;
  windowMinutes: number | null;
  /** Epoch ms. */
  resetsAt: number | null;
}

/** What a provider tells of what is left: usage windows (ChatGPT) or credit (OpenRouter), in US dollars. */
export interface Quota {
  plan?: string;
  windows?: UsageWindow[];
  credit?: { limit: number | null; used: number | null; remaining: number | null; resets: string | null };
}

/** One request a probe sends: always a GET to a fixed https URL, through the global fetch. */
export interface ProbeRequest {
  url: string;
  headers: Record<string, string>;
  /** The quota the answer tells, from its JSON body (2xx only). */
  readQuota?: (body: Record<string, unknown>) => Quota | null;
}

export interface ProbeOutcome {
  bucket: ProbeBucket;
  reasonCode: ProbeReason;
  /** The HTTP status the provider answered, or null when nothing was answered. */
  httpStatus: number | null;
  /** Epoch ms when a rate limit lifts, when the provider says. */
  retryAt: number | null;
  quota: Quota | null;
  /** `proxy_invalid`: the proxy variable that is not an address (its name; the value is never kept). */
  variable?: string;
  /** `unresolved_ref`: the reference as status shows it (`env OPENAI_API_KEY`), never its value. */
  ref?: string;
  /** `unresolved_ref` of an `env` reference: the variable to set. */
  refVariable?: string;
}

/** A credential as a probe sees it: its type, its secret (sent, never shown), and the fields a request needs. */
export interface ProbeCredential {
  provider: string;
  type: 'api_key' | 'token' | 'oauth';
  secret: string;
  accountId?: string;
  /** GitHub Copilot: the GitHub token its Copilot token is made from. */
  refresh?: string;
  /** GitHub Copilot: the GitHub Enterprise domain of the sign-in (pi-ai's `enterpriseUrl`), when not github.com. */
  enterpriseDomain?: string;
}

/** How a provider is checked: the request for a credential, or null when it has no probe. */
export type ProbeFor = (credential: ProbeCredential) => ProbeRequest | null;
