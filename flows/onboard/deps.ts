import type { CodexLoginEvents } from '../../src/auth/sign-in/codex-login.js';
import type { DeviceCodeEvents } from '../../src/auth/sign-in/device-code.js';
import type { BrowserLaunch } from '../../src/env/browser.js';
import type { AgentStatus } from '../../src/auth/routing/status.js';
import type { PasteCheck } from '../../src/auth/sign-in/redirect-paste.js';
import type { MethodSummary } from '../../src/auth/providers/types.js';
import type { AgentSummary } from '../../src/store/agents.js';
import type { SignInChecked } from '../../src/auth/probe/verify.js';
import type { ExternalLogins } from './state.js';

/** The callbacks of an OAuth method, as the wizard answers them (SPEC 8). */
export interface WizardOAuthUi {
  onAuth(info: { url: string; instructions?: string }): void;
  onBrowser(launch: BrowserLaunch): void;
  progress(message: string): void;
  prompt(prompt: { message: string; placeholder?: string; allowEmpty?: boolean }, signal: AbortSignal): Promise<string>;
  select(prompt: { message: string; options: { id: string; label: string }[] }, signal: AbortSignal): Promise<string | undefined>;
  manualCode(signal: AbortSignal): Promise<string>;
}

export type LoadedAgent = { kind: 'ok'; status: AgentStatus } | { kind: 'corrupt'; file: string; problem: string };

/** Every side effect of the wizard; tests pass fakes. */
export interface OnboardDeps {
  now(): number;
  listAgents(): Promise<AgentSummary[]>;
  createAgent(id: string): Promise<void>;
  loadAgent(agent: string): Promise<LoadedAgent>;
  moveAsideStore(agent: string): Promise<string>;
  loginCodex(
    request: {
      agent: string;
      profileId: string;
      noBrowser: boolean;
      signal: AbortSignal;
      readPaste(check: (raw: string) => PasteCheck, signal: AbortSignal): Promise<string>;
      /** Issue 21: the profile written is checked with the provider (false: `--no-verify`). */
      verify?: boolean;
    },
    events: CodexLoginEvents,
  ): Promise<{ storeFile: string; checked?: SignInChecked | null }>;
  /** The device code sign-in; the page is opened in a browser where one can be (reported through onBrowser). */
  loginCodexDevice(
    request: { agent: string; profileId: string; noBrowser: boolean; signal: AbortSignal; verify?: boolean },
    events: DeviceCodeEvents,
  ): Promise<{ storeFile: string; checked?: SignInChecked | null }>;
  /**
   * Saves a pasted setup-token; checked with the provider first unless `verify` is false (issue 21): a
   * refused one throws SecretRefusedError and is not saved; `checked` says what the check found.
   */
  saveSetupToken(agent: string, profileId: string, token: string, verify?: boolean): Promise<{ storeFile: string; checked?: SignInChecked | null }>;
  /** Every registered sign-in method, plugins included (a plugin that fails to load is warned about once). */
  listMethods(): Promise<MethodSummary[]>;
  saveApiKey(agent: string, provider: string, profileId: string, key: string, verify?: boolean): Promise<{ storeFile: string; checked?: SignInChecked | null }>;
  /**
   * SPEC 12: a pasted secret kept in the system keychain (`value` is the secret), or a reference typed in
   * its place (`value` is `env:NAME` or `<source>:<alias>:<id>`); the profile holds a reference either way.
   */
  keepSecretElsewhere(request: {
    agent: string;
    provider: string;
    profileId: string;
    type: 'token' | 'api_key';
    home: 'keychain' | 'ref';
    value: string;
    /** Issue 21: a secret kept in the keychain is checked with its provider first (a reference is not: it resolves at use). */
    verify?: boolean;
  }): Promise<{ storeFile: string; checked?: SignInChecked | null }>;
  /** SPEC 11: Codex CLI's and Claude Code's sign-ins, when their files hold one (read, never written here). */
  externalLogins(): Promise<ExternalLogins>;
  /** Shares that tool's sign-in as `profileId` (a link to its file; no request, no copy). */
  adoptTool(agent: string, tool: 'codex-cli' | 'claude-cli', profileId: string): Promise<{ storeFile: string }>;
  /** A plugin's (or GitHub Copilot's) OAuth method, through the same callbacks `models auth login` gives it. */
  loginOAuth(
    request: { agent: string; provider: string; methodId: string; profileId: string; noBrowser: boolean; signal: AbortSignal; verify?: boolean },
    ui: WizardOAuthUi,
  ): Promise<{ storeFile: string; checked?: SignInChecked | null }>;
}
