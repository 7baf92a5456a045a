import { Text } from 'ink';
import { useTheme } from '../../components/theme.js';
import { t } from '../../src/base/i18n/index.js';
import type { OnboardDeps } from './deps.js';
import { apiKeyWritten } from './screens/ApiKeyScreen.js';
import { codexWritten } from './screens/CodexScreen.js';
import { deviceWritten } from './screens/DeviceCodeScreen.js';
import { oauthWritten } from './screens/OAuthScreen.js';
import { setupTokenWritten } from './screens/SetupTokenScreen.js';
import { statusWritten } from './screens/StatusScreen.js';
import type { Written } from './screens/written.js';
import type { State, Step } from './state.js';

// The wizard's scrollback: what each step writes once above Ink's live region (through <Static>, in App.tsx),
// worked out from the state alone.

/** What is written above the live region, and the step on screen it is written for. */
export interface Scrollback {
  /** Each piece once, in the order the steps showed them (Static writes only the new ones). */
  written: Written[];
  /**
   * The step on screen: it keeps its pieces while it stays on screen, though its id changes (a paste's
   * save starts anew); `series` names its lasting pieces (a title), kept across a retry after a failure.
   */
  entry: { kind: Step['kind']; id: number; series: number; depth: number; from: number; retry: boolean };
  /** The sign-in that failed, while the failure screen is on: entering it again from there is a retry. */
  failed: { kind: Step['kind']; series: number } | null;
}

/** The scrollback after `shown` is drawn: a pure function of the one before (null at first). */
export function scrollbackOf(prev: Scrollback | null, shown: State, deps: OnboardDeps): Scrollback {
  const step = shown.step;
  const depth = shown.history.length;
  let { written, entry, failed } = prev ?? { written: [], entry: { kind: step.kind, id: step.id, series: step.id, depth, from: 0, retry: false }, failed: null };
  if (entry.kind !== step.kind) {
    // Written lines cannot be taken back: after Esc from a step that wrote some, a line says so, so that
    // the screen below does not read as part of the one above (the scrollback reads as a history).
    if (written.length > entry.from && depth < entry.depth) written = [...written, { key: `back-${step.id}`, node: <MarkLine text={t('wizard.wentBack')} /> }];
    const retry = entry.kind === 'login-failed' && failed?.kind === step.kind;
    const series = retry ? failed!.series : step.id;
    failed = step.kind === 'login-failed' ? { kind: entry.kind, series: entry.series } : null;
    entry = { kind: step.kind, id: step.id, series, depth, from: written.length, retry };
  }
  const { id, series } = entry;
  const fresh = writtenOf(shown, deps)
    .map((part) => ({ key: `${part.lasting ? series : id}:${part.key}`, node: part.node }))
    .filter((part) => !written.some((w) => w.key === part.key));
  if (!fresh.length) return prev && written === prev.written && entry === prev.entry && failed === prev.failed ? prev : { written, entry, failed };
  // A retry's title stays above; its new pieces (a new link) follow one line that says it is tried again.
  const mark = entry.retry ? [{ key: `retry-${id}`, node: <MarkLine text={t('wizard.retrying')} /> }] : [];
  return { written: [...written, ...mark, ...fresh], entry: { ...entry, retry: false }, failed };
}

/** A short muted line in the scrollback: Esc went back, or a failed sign-in is tried again. */
function MarkLine({ text }: { text: string }) {
  const theme = useTheme();
  return (
    <Text color={theme.text.muted} dimColor={!theme.color}>
      {text}
    </Text>
  );
}

/**
 * What the step writes once, above the live region (screens/written.ts): what does not change stays in
 * the terminal's scrollback, and the live region stays short enough never to fill the terminal (Ink
 * clears the whole screen and the scrollback when it does).
 */
function writtenOf(state: State, deps: OnboardDeps): Written[] {
  const step = state.step;
  switch (step.kind) {
    case 'codex':
      return codexWritten(step);
    case 'codex-device':
      return deviceWritten(step);
    case 'oauth':
      return oauthWritten(step);
    case 'setup-token':
      return setupTokenWritten(step);
    case 'api-key':
      return apiKeyWritten(step);
    case 'status':
      return statusWritten({ agent: step.agent, status: step.status, written: step.written, checked: step.checked ?? null, now: deps.now() });
    default:
      return [];
  }
}
