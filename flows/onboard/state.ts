import type { AgentStatus } from '../../src/auth/routing/status.js';
import type { BrowserLaunch } from '../../src/env/browser.js';
import type { HeadlessCheck } from '../../src/env/headless.js';
import type { PortHolder } from '../../src/env/port-holder.js';
import type { MethodSummary } from '../../src/auth/providers/types.js';
import type { AgentSummary } from '../../src/store/agents.js';
import type { SignInChecked } from '../../src/auth/probe/verify.js';

export type { MethodSummary };

/**
 * `skip`, `<provider>:<method>` for any registered method (`openai:api-key`, `acme:oauth`), or one of the
 * names the built-in sign-ins had before the registry (`setup-token`, `openai-codex`, `openai-codex-device-code`).
 */
export type AuthChoice = string;

/** The auth choice screen's lists: the first stays short, the rest behind "API key…" and "More providers…". */
export type ChoiceGroup = 'main' | 'api-key' | 'more';

/** SPEC 11: other tools' sign-ins found on this machine, offered to be shared (never copied). */
export interface ExternalLogins {
  /** Codex CLI's file holds a ChatGPT sign-in, of this account (null when it names none). */
  codex: { account: string | null } | null;
  /** Claude Code's credentials file holds a sign-in. */
  claude: boolean;
}

export const NO_EXTERNAL: ExternalLogins = { codex: null, claude: false };

/** What a method of a plugin or of GitHub Copilot asks for right now. */
export type OAuthAsk =
  | { kind: 'prompt'; message: string; placeholder: string | null; allowEmpty: boolean }
  | { kind: 'select'; message: string; options: { id: string; label: string }[] }
  | { kind: 'manual' };

export interface OAuthView {
  url: string | null;
  instructions: string | null;
  browser: BrowserLaunch | null;
  progress: string | null;
  ask: OAuthAsk | null;
  error: string | null;
}

/** A profile the wizard must sign in again, and why. */
export interface Relogin {
  profileId: string;
  provider: string;
  reason: string;
}

export interface CodexView {
  url: string | null;
  headless: HeadlessCheck | null;
  portBusy: boolean;
  /** Who holds the callback port, when it is taken and that could be found. */
  portHolder: PortHolder | null;
  noBrowser: boolean;
  browser: BrowserLaunch | null;
  phase: 'starting' | 'waiting' | 'exchanging' | 'saving';
  pasteError: string | null;
}

export interface DeviceView {
  userCode: string | null;
  url: string | null;
  expiresAt: number | null;
  browser: BrowserLaunch | null;
  phase: 'starting' | 'waiting' | 'exchanging' | 'saving';
}

/** SPEC 12: where a pasted secret is kept: the credential file, the system keychain, or a reference instead. */
export type SecretHome = 'file' | 'keychain' | 'ref';
export const SECRET_HOMES: readonly SecretHome[] = ['file', 'keychain', 'ref'];

/** A sign-in by a pasted secret (a setup-token, an API key): the paste, then a name, then the save. */
export interface PasteFields {
  agent: string;
  profileId: string | null;
  relogin: Relogin | null;
  field: 'token' | 'name';
  error: string | null;
  saving: boolean;
  /** The checked secret, kept from its field to the save; never rendered, gone with the step. */
  token: string | null;
  /** Where it is kept (Tab on the paste field changes it); the credential file when absent. */
  home?: SecretHome;
}

/*
 * `cursor` on a list: the line the cursor was on when the user went on from it, so that Esc comes back
 * to the same line.
 */

/**
 * The screens, one at a time, before the reducer stamps them with an id. Every field a screen shows
 * lives here, so screens are functions of it.
 */
export type StepBody =
  | { kind: 'loading-agents' }
  | { kind: 'agent'; agents: AgentSummary[]; creating: boolean; cursor?: string }
  | { kind: 'confirm-agent'; agent: string }
  | { kind: 'creating-agent'; agent: string }
  | { kind: 'loading-agent'; agent: string }
  | { kind: 'corrupt'; agent: string; file: string; problem: string }
  | { kind: 'moving-aside'; agent: string }
  | { kind: 'auth-choice'; agent: string; status: AgentStatus; group: ChoiceGroup; cursor?: string }
  | { kind: 'codex'; agent: string; profileId: string; relogin: Relogin | null; view: CodexView; attempt: number }
  | { kind: 'codex-device'; agent: string; profileId: string; relogin: Relogin | null; view: DeviceView; attempt: number }
  | ({ kind: 'setup-token' } & PasteFields)
  | ({ kind: 'api-key'; method: MethodSummary } & PasteFields)
  | { kind: 'oauth'; agent: string; method: MethodSummary; profileId: string; relogin: Relogin | null; view: OAuthView; attempt: number }
  | { kind: 'adopt'; agent: string; tool: 'codex-cli' | 'claude-cli'; profileId: string; relogin: Relogin | null; attempt: number }
  | {
      kind: 'login-failed';
      agent: string;
      choice: AuthChoice;
      profileId: string;
      relogin: Relogin | null;
      message: string;
      attempt: number;
      /** A paste's save failed: the pasted secret and where it was to go, kept for a retry or the file (never rendered). */
      pasted?: { token: string; home: SecretHome };
    }
  | { kind: 'loading-status'; agent: string; written: string | null; checked?: SignInChecked | null }
  | { kind: 'status'; agent: string; status: AgentStatus; written: string | null; checked?: SignInChecked | null }
  | { kind: 'exit'; code: 0 | 1 | 130; message: string | null };

/**
 * A step as the wizard holds it. The reducer stamps a fresh `id` each time a step is entered and keeps
 * it on in-place updates, so an effect keyed by the id runs once per entry (effects.ts).
 */
export type Step = StepBody & { id: number };

export interface Options {
  /** `--agent`: skips the agent step. */
  agent: string | null;
  /** `--agent` names an agent that does not exist yet: the wizard offers to create it (SPEC 2). */
  newAgent: boolean;
  /** `--auth-choice`: skips the auth choice step. */
  authChoice: AuthChoice | null;
  /** `--relogin [profileId]`: true for "whichever needs it". */
  relogin: string | true | null;
  noBrowser: boolean;
  /** No browser here would be the user's (SSH, no display): the device code fits best. */
  headless: boolean;
  /** Issue 21: a pasted secret is checked with its provider before it is saved, unless `--no-verify` (false). */
  verify?: boolean;
}

export interface State {
  options: Options;
  step: Step;
  /** Where Esc goes back to; the step kinds a user can return to. */
  history: Step[];
  /** The id the next entered step gets. */
  nextId: number;
  /** Every registered sign-in method (built-in and plugins), loaded with the agent. */
  methods: MethodSummary[];
  /** Other tools' sign-ins there are to share (SPEC 11), looked for with the agent. */
  external: ExternalLogins;
  /** The agent this run created, if any: a cancel afterwards must not say that nothing was saved. */
  created?: string;
}

export type Action =
  | { type: 'agents-loaded'; agents: AgentSummary[] }
  | { type: 'confirm-agent'; create: boolean }
  | { type: 'agent-chosen'; agent: string }
  | { type: 'agent-create-start' }
  | { type: 'agent-create-cancel' }
  | { type: 'agent-create'; agent: string }
  | { type: 'agent-created' }
  | { type: 'agent-loaded'; agent: string; status: AgentStatus; methods: MethodSummary[]; external?: ExternalLogins }
  | { type: 'agent-corrupt'; agent: string; file: string; problem: string }
  | { type: 'corrupt-answer'; moveAside: boolean }
  | { type: 'moved-aside' }
  | { type: 'choice'; choice: AuthChoice }
  | { type: 'codex-url'; url: string; headless: HeadlessCheck; portBusy: boolean; portHolder?: PortHolder | null; noBrowser: boolean }
  | { type: 'codex-browser'; launch: BrowserLaunch }
  | { type: 'codex-paste-rejected'; problem: string }
  | { type: 'codex-phase'; phase: 'exchanging' | 'saving' }
  | { type: 'device-code'; userCode: string; url: string; expiresAt: number }
  | { type: 'device-browser'; launch: BrowserLaunch }
  | { type: 'device-phase'; phase: DeviceView['phase'] }
  | { type: 'switch-method' }
  | { type: 'choice-group'; group: ChoiceGroup }
  | { type: 'oauth-auth'; url: string; instructions: string | null }
  | { type: 'oauth-browser'; launch: BrowserLaunch }
  | { type: 'oauth-progress'; message: string }
  | { type: 'oauth-ask'; ask: OAuthAsk }
  | { type: 'oauth-answered'; problem: string | null }
  | { type: 'login-succeeded'; storeFile: string; checked?: SignInChecked | null }
  | { type: 'secret-refused'; problem: string }
  | { type: 'login-failed'; message: string }
  | { type: 'token-entered'; token: string }
  | { type: 'secret-home'; home: SecretHome }
  | { type: 'token-rejected'; problem: string }
  | { type: 'name-entered'; profileId: string }
  | { type: 'name-back' }
  | { type: 'retry' }
  /** SPEC 12: the keychain failed; the pasted secret goes to the credential file instead. */
  | { type: 'keep-in-file' }
  | { type: 'back' }
  | { type: 'status-loaded'; status: AgentStatus }
  | { type: 'fail'; message: string }
  | { type: 'cancel' }
  | { type: 'finish' };
