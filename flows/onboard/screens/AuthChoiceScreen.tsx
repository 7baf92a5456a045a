import { Box, Text } from 'ink';
import { formatDate, t } from '../../../src/base/i18n/index.js';
import { KeyHints } from '../../../components/Message.js';
import { SelectList, type SelectItem } from '../../../components/SelectList.js';
import { expiresIn } from '../../../src/model/profile-state.js';
import type { AgentStatus } from '../../../src/auth/routing/status.js';
import { holderLabel } from '../../../src/auth/routing/status-lines.js';
import { deviceCopy } from '../../../src/auth/sign-in/copy.js';
import { choiceOf } from '../../../src/auth/providers/choices.js';
import type { AuthChoice, ChoiceGroup, ExternalLogins, MethodSummary } from '../state.js';
import { backKey } from './keys.js';

/**
 * This agent's current state for a provider, in words: what the user has now. `apiKeys`: the line is an
 * API-key method's, so it tells of the provider's API-key profiles only; the other lines of the rest.
 */
export function providerState(status: AgentStatus, provider: string, now: number, apiKeys = false): Pick<SelectItem<string>, 'hint' | 'hintTone'> {
  const profiles = status.profiles.filter((p) => p.provider === provider && (p.type === 'api_key') === apiKeys);
  if (profiles.length === 0) return { hint: t('choice.notSetUp') };
  const active = profiles.find((p) => p.active) ?? profiles[0]!;
  // SPEC 11: a grant another agent or tool holds says whose it is.
  const holder = holderLabel(active);
  const more = (hint: string) => {
    const held = holder === null ? hint : t('choice.heldBy', { hint, holder });
    return profiles.length > 1 ? t('choice.more.suffix', { hint: held, n: profiles.length - 1 }) : held;
  };
  const id = active.id;
  switch (active.state) {
    case 'relogin':
      return { hint: more(t('choice.relogin', { id })), hintTone: 'error' };
    case 'expired':
      return { hint: more(t('choice.expired', { id })), hintTone: 'error' };
    case 'expiring':
      return { hint: more(t('choice.expiring', { id, when: expiresIn(active.expires, now) })), hintTone: 'warn' };
    case 'cooldown':
      return { hint: more(t('choice.cooldown', { id })), hintTone: 'warn' };
    case 'disabled':
      return { hint: more(t('choice.disabled', { id })), hintTone: 'warn' };
    case 'refreshable':
      return { hint: more(t('choice.refreshable', { id })), hintTone: 'ok' };
    default:
      // An OAuth profile's expiry is its access token's, which refreshes by itself: no end date to show.
      if (active.type === 'oauth') return { hint: more(t('choice.oauth', { id })), hintTone: 'ok' };
      return {
        hint: more(active.expires ? t('choice.signedInUntil', { id, date: formatDate(active.expires) }) : t('choice.signedIn', { id })),
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
  /** SPEC 11: other tools' sign-ins found here; each is offered only when its file holds one. */
  external?: ExternalLogins;
  /** The line the cursor comes back to (Esc from the step it led to). */
  cursor?: string;
  canGoBack: boolean;
  onChoose(choice: AuthChoice): void;
  onGroup(group: ChoiceGroup): void;
  onBack(): void;
}

const GROUP_KEY = { 'api-key': 'group:api-key', more: 'group:more' } as const;

/** The lines of one list: the subscription sign-ins first, the rest one step away (SPEC 7 step 2). */
function itemsOf({ status, now, headless, methods, group, external }: Props): SelectItem<string>[] {
  const state = (provider: string, apiKeys = false) => providerState(status, provider, now, apiKeys);
  const line = (m: MethodSummary): SelectItem<string> => ({
    key: choiceOf(m),
    label: t('choice.method', { provider: m.providerLabel, method: m.label }),
    ...state(m.provider, m.kind === 'api-key'),
  });
  const apiKeys = methods.filter((m) => m.kind === 'api-key');
  const more = methods.filter((m) => m.kind === 'oauth');
  if (group === 'api-key') return apiKeys.map(line);
  if (group === 'more') return more.map(line);
  const codex = state('openai-codex');
  return [
    { key: 'setup-token', label: t('choice.setupToken'), ...state('anthropic') },
    { key: 'openai-codex', label: t('choice.codex'), ...codex },
    {
      key: 'openai-codex-device-code',
      label: t('choice.codexDevice'),
      ...(headless ? { hint: t('choice.withFits', { hint: codex.hint ?? '', fits: deviceCopy.headlessFits }), hintTone: codex.hintTone ?? 'ok' } : codex),
    },
    ...(external?.codex ? [{ key: 'openai-codex:codex-cli', label: t('choice.codexCli', { account: external.codex.account ?? t('adopt.noAccount') }), hint: t('choice.sharedHint') }] : []),
    ...(external?.claude ? [{ key: 'anthropic:claude-cli', label: t('choice.claudeCli'), hint: t('choice.sharedHint') }] : []),
    ...(apiKeys.length ? [{ key: GROUP_KEY['api-key'], label: t('choice.apiKey'), hint: apiKeys.map((m) => m.providerLabel).join(t('list.join')) }] : []),
    ...(more.length ? [{ key: GROUP_KEY.more, label: t('choice.more'), hint: [...new Set(more.map((m) => m.providerLabel))].join(t('list.join')) }] : []),
    { key: 'skip', label: t('choice.skip') },
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
  const title = t(group === 'api-key' ? 'choice.titleApiKey' : group === 'more' ? 'choice.titleMore' : 'choice.title', { agent });
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">
        {title}
      </Text>
      <SelectList key={group} items={itemsOf(props)} initialKey={props.cursor} onSelect={choose} onEscape={inGroup ? () => onGroup('main') : onBack} />
      <KeyHints hints={[['↑↓', t('key.move')], ['Enter', t('key.choose')], ...backKey(inGroup || canGoBack), ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
