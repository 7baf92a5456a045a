import { Box, Text } from 'ink';
import { KeyHints } from '../../../components/Message.js';
import { SelectList, type SelectItem } from '../../../components/SelectList.js';
import { expiresIn } from '../../../src/model/profile-state.js';
import type { AgentStatus } from '../../../src/auth/status.js';
import { deviceCopy } from '../../../src/auth/copy.js';
import type { AuthChoice } from '../state.js';

/** This agent's current state for a provider, in words: what the user has now. */
export function providerState(status: AgentStatus, provider: string, now: number): Pick<SelectItem<AuthChoice>, 'hint' | 'hintTone'> {
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
  canGoBack: boolean;
  onChoose(choice: AuthChoice): void;
  onBack(): void;
}

export function AuthChoiceScreen({ agent, status, now, headless, canGoBack, onChoose, onBack }: Props) {
  const codex = providerState(status, 'openai-codex', now);
  const items: SelectItem<AuthChoice>[] = [
    { key: 'setup-token', label: 'Anthropic: setup-token (Claude Pro/Max)', ...providerState(status, 'anthropic', now) },
    { key: 'openai-codex', label: 'OpenAI Codex: ChatGPT sign-in', ...codex },
    {
      key: 'openai-codex-device-code',
      label: 'OpenAI Codex: device code',
      ...(headless ? { hint: `${codex.hint} · ${deviceCopy.headlessFits}`, hintTone: codex.hintTone ?? 'ok' } : codex),
    },
    { key: 'skip', label: 'Skip for now' },
  ];
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        How should agent {agent} sign in?
      </Text>
      <SelectList items={items} onSelect={onChoose} onEscape={onBack} />
      <KeyHints hints={[['↑↓', 'move'], ['Enter', 'choose'], ...(canGoBack ? ([['Esc', 'back']] as [string, string][]) : []), ['Ctrl+C', 'quit']]} />
    </Box>
  );
}
