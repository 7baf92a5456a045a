import type { CodexLoginEvents } from '../../src/auth/codex-login.js';
import type { DeviceCodeEvents } from '../../src/auth/device-code.js';
import type { BrowserLaunch } from '../../src/env/browser.js';
import type { AgentStatus } from '../../src/auth/status.js';
import type { PasteCheck } from '../../src/auth/redirect-paste.js';
import type { AgentSummary } from '../../src/store/agents.js';

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
    },
    events: CodexLoginEvents,
  ): Promise<{ storeFile: string }>;
  /** The device code sign-in; the page is opened in a browser where one can be (reported through onBrowser). */
  loginCodexDevice(
    request: { agent: string; profileId: string; noBrowser: boolean; signal: AbortSignal },
    events: DeviceCodeEvents & { onBrowser(launch: BrowserLaunch): void },
  ): Promise<{ storeFile: string }>;
  saveSetupToken(agent: string, profileId: string, token: string): Promise<{ storeFile: string }>;
}
