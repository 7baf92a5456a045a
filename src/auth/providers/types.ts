import type { OAuthProviderInterface } from '@mariozechner/pi-ai/oauth';

/**
 * SPEC 8: one registry of providers and their sign-in methods, read by the wizard's auth choice,
 * `models auth login`, `models auth providers`, status and refresh. Plugins declare the same shapes.
 */

/**
 * A method's own live check (issue 21): given the credential, the one cheap read-only GET that proves it
 * works, `{url, headers}` with an https URL. openclaw sends it (deadline, body cap, classification), so a
 * plugin never handles the answer; the secret goes in a header the plugin names.
 */
export type MethodProbe = (credential: { secret: string; type: 'api_key' | 'token' | 'oauth'; accountId?: string }) =>
  | { url: string; headers?: Record<string, string> }
  | Promise<{ url: string; headers?: Record<string, string> }>;

/** A key pasted (masked) or piped, checked against `pattern` (a regular expression source), stored as `api_key`. */
export interface ApiKeyMethod {
  kind: 'api-key';
  id: string;
  label: string;
  /** One line for the user: where to get a key, what it looks like. */
  hint?: string;
  pattern?: string;
  probe?: MethodProbe;
}

/** A sign-in through a pi-ai `OAuthProviderInterface` (GitHub Copilot, any plugin's). */
export interface OAuthMethod {
  kind: 'oauth';
  id: string;
  label: string;
  oauth: OAuthProviderInterface;
  /**
   * False for a method that asks nothing (a device code: it shows a link and a code, and polls): it runs
   * without a terminal, and a question it asks anyway fails (SPEC 8). Absent or true: it may ask.
   */
  prompts?: boolean;
  probe?: MethodProbe;
}

/** Built-in sign-ins with screens of their own. */
export interface BuiltinMethod {
  kind: 'setup-token' | 'codex-browser' | 'codex-device' | 'codex-cli' | 'claude-cli';
  id: string;
  label: string;
}

export type SignInMethod = ApiKeyMethod | OAuthMethod | BuiltinMethod;

export interface ProviderDef {
  /** `^[a-z0-9][a-z0-9-]{0,63}$`; a plugin may not take a built-in id. */
  id: string;
  label: string;
  methods: SignInMethod[];
  /** `built-in`, or the plugin file it came from. */
  source: string;
}

export interface PluginLoadError {
  file: string;
  /** One line, redacted, without control characters. */
  reason: string;
}

export interface Registry {
  providers: ProviderDef[];
  /** Plugins that could not be loaded; each is named once by the commands that list or use providers. */
  errors: PluginLoadError[];
  /** Files of a plugin folder passed over on purpose (hidden ones): named as a notice, not a failure. */
  skipped: PluginLoadError[];
}

/** What a list of choices needs to know of a method (no plugin code). */
export interface MethodSummary {
  provider: string;
  providerLabel: string;
  id: string;
  kind: SignInMethod['kind'];
  label: string;
  source: string;
  /** api-key methods: the hint and the pattern the key is checked against. */
  hint?: string;
  pattern?: string;
}
