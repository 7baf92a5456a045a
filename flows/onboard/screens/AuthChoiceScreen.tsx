import { Box, Text } from 'ink';
import { KeyHints } from '../../../components/Message.js';
import { SelectList, type SelectItem } from '../../../components/SelectList.js';
import { expiresIn } from '../../../src/model/profile-state.js';
import type { AgentStatus } from '../../../src/auth/status.js';
import { deviceCopy } from '../../../src/auth/copy.js';
import type { AuthChoice, ChoiceGroup, MethodSummary } from '../state.js';

/** This agent's current state for a provider, in words: what the user has now. */
export function providerState(status: AgentStatus, provider: string, now: number): Pick<SelectItem<string>, 'hint' | 'hintTone'> {
  const profiles = status.profiles.filter((p) => p.provider === provider);
  if (profiles.length === 0) return { hint: 'not set up' };
  const active = profiles.find((p) => p.active) ?? profiles[0]!;
  const more = profiles.length > 1 ? ` (+${profiles.length - 1} more)` : '';
  switch (active.state) {
    case 'relogin':
      return { hint: `${active.id} needs signing in again${more}`, hintTone: 'error' };
    case 'expired':
      return { hint: `${active.id} expired${more}`, hintTone: 'error' };
    case 'expiring':
      return { hint: `${active.id} expires ${expiresIn(active.expires, now)}${more}`, hintTone: 'warn' };
    case 'cooldown':
    case 'disabled':
      return { hint: `${active.id} is ${active.state}${more}`, hintTone: 'warn' };
    case 'refreshable':
      return { hint: `signed in as ${active.id}${more}; refreshes on next use`, hintTone: 'ok' };
    default:
      // An OAuth profile's expiry is its access token's, which refreshes by itself: no end date to show.
      if (active.type === 'oauth') return { hint: `signed in as ${active.id}${more}; refreshes by itself`, hintTone: 'ok' };
      return {
        hint: `signed in as ${active.id}${active.expires ? `, until ${new Date(active.expires).toISOString().slice(0, 10)}` : ''}${more}`,
        hintTone: 'ok',
      };
  }
}

interface Props {
  agent: string;
  status: AgentStatus;
  now: number;
  /** SSH or no display: the device code is the sign-in that fits, and says so. */
  headless: boolean;
  /** The registered methods (built-in and plugins), for the API-key and more-providers lists. */
  methods: MethodSummary[];
  group: ChoiceGroup;
  canGoBack: boolean;
  onChoose(choice: AuthChoice): void;
  onGroup(group: ChoiceGroup): void;
  onBack(): void;
}

const GROUP_KEY = { 'api-key': 'group:api-key', more: 'group:more' } as const;

/** The lines of one list: the subscription sign-ins first, the rest one step away (SPEC 7 step 2). */
function itemsOf({ status, now, headless, methods, group }: Props): SelectItem<string>[] {
  const state = (provider: string) => providerState(status, provider, now);
  const line = (m: MethodSummary): SelectItem<string> => ({ key: `${m.provider}:${m.id}`, label: `${m.providerLabel}: ${m.label}`, ...state(m.provider) });
  const apiKeys = methods.filter((m) => m.kind === 'api-key');
  const more = methods.filter((m) => m.kind === 'oauth');
  if (group === 'api-key') return apiKeys.map(line);
  if (group === 'more') return more.map(line);
  const codex = state('openai-codex');
  return [
    { key: 'setup-token', label: 'Anthropic: setup-token (Claude Pro/Max)', ...state('anthropic') },
    { key: 'openai-codex', label: 'OpenAI Codex: ChatGPT sign-in', ...codex },
    {
      key: 'openai-codex-device-code',
      label: 'OpenAI Codex: device code',
      ...(headless ? { hint: `${codex.hint} · ${deviceCopy.headlessFits}`, hintTone: codex.hintTone ?? 'ok' } : codex),
    },
    ...(apiKeys.length ? [{ key: GROUP_KEY['api-key'], label: 'API key…', hint: apiKeys.map((m) => m.providerLabel).join(', ') }] : []),
    ...(more.length ? [{ key: GROUP_KEY.more, label: 'More providers…', hint: [...new Set(more.map((m) => m.providerLabel))].join(', ') }] : []),
    { key: 'skip', label: 'Skip for now' },
  ];
}

export function AuthChoiceScreen(props: Props) {
  const { agent, group, canGoBack, onChoose, onGroup, onBack } = props;
  const inGroup = group !== 'main';
  const choose = (key: string) => {
    if (key === GROUP_KEY['api-key']) onGroup('api-key');
    else if (key === GROUP_KEY.more) onGroup('more');
    else onChoose(key);
  };
  const title = group === 'api-key' ? `Which API key should agent ${agent} use?` : group === 'more' ? `More ways for agent ${agent} to sign in:` : `How should agent ${agent} sign in?`;
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {title}
      </Text>
      <SelectList key={group} items={itemsOf(props)} onSelect={choose} onEscape={inGroup ? () => onGroup('main') : onBack} />
      <KeyHints hints={[['↑↓', 'move'], ['Enter', 'choose'], ...(inGroup || canGoBack ? ([['Esc', 'back']] as [string, string][]) : []), ['Ctrl+C', 'quit']]} />
    </Box>
  );
}
