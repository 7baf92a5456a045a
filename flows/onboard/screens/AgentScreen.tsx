import { Box, Text } from 'ink';
import { t } from '../../../src/base/i18n/index.js';
import { useState } from 'react';
import { KeyHints } from '../../../components/Message.js';
import { SelectList, type SelectItem } from '../../../components/SelectList.js';
import { TextInput } from '../../../components/TextInput.js';
import { agentIdProblem, DEFAULT_AGENT } from '../../../src/env/paths.js';
import type { AgentSummary } from '../../../src/store/agents.js';
import { tooLongNote } from './masked.js';

const NEW = '\u0000new';

interface Props {
  agents: AgentSummary[];
  creating: boolean;
  /** False for a re-login, which needs an agent that exists. */
  canCreate: boolean;
  /** The agent the cursor comes back to (Esc from the auth choice). */
  cursor?: string;
  onChoose(agent: string): void;
  onCreateStart(): void;
  onCreateCancel(): void;
  onCreate(id: string): void;
}

function hint(agent: AgentSummary): Pick<SelectItem<string>, 'hint' | 'hintTone'> {
  if (agent.profiles === null) return { hint: t('agent.unreadable', { problem: agent.problem ?? '' }), hintTone: 'error' };
  if (agent.profiles === 0) return { hint: t('agent.noProfiles') };
  const count = agent.profiles === 1 ? t('agent.profileOne') : t('agent.profileCount', { n: agent.profiles });
  if (agent.needsRelogin.length === 0) return { hint: count };
  const due = agent.needsRelogin.length === 1 ? t('agent.reloginOne', { id: agent.needsRelogin[0]! }) : t('agent.reloginCount', { n: agent.needsRelogin.length });
  return { hint: `${count} · ${due}`, hintTone: 'warn' };
}

export function AgentScreen({ agents, creating, canCreate, cursor, onChoose, onCreateStart, onCreateCancel, onCreate }: Props) {
  const [refused, setRefused] = useState<string | null>(null);
  const items: SelectItem<string>[] = [
    ...agents.map((agent) => ({ key: agent.id, label: agent.id, ...hint(agent) })),
    ...(canCreate ? [{ key: NEW, label: t('agent.create') }] : []),
  ];
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold wrap="wrap">{t('agent.title')}</Text>
      <SelectList
        items={items}
        initialKey={cursor ?? (agents.some((a) => a.id === DEFAULT_AGENT) ? DEFAULT_AGENT : agents[0]?.id)}
        isActive={!creating}
        onSelect={(key) => (key === NEW ? onCreateStart() : onChoose(key))}
      />
      {creating ? (
        <TextInput
          tooLongNote={tooLongNote}
          label={t('agent.newLabel')}
          placeholder={t('agent.newPlaceholder')}
          liveProblem={(value) => agentIdProblem(value)}
          error={refused}
          onSubmit={(value) => {
            const problem = agentIdProblem(value);
            setRefused(problem ? t('agent.refused', { problem: `${problem[0]!.toUpperCase()}${problem.slice(1)}` }) : null);
            if (!problem) onCreate(value);
          }}
          onEscape={onCreateCancel}
        />
      ) : null}
      <KeyHints hints={creating ? [['Enter', t('key.create')], ['Esc', t('key.back')], ['Ctrl+C', t('key.quit')]] : [['↑↓', t('key.move')], ['Enter', t('key.choose')], ['Ctrl+C', t('key.quit')]]} />
    </Box>
  );
}
