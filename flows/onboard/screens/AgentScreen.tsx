import { Box, Text } from 'ink';
import { useState } from 'react';
import { KeyHints } from '../../../components/Message.js';
import { SelectList, type SelectItem } from '../../../components/SelectList.js';
import { TextInput } from '../../../components/TextInput.js';
import { agentIdProblem, DEFAULT_AGENT } from '../../../src/env/paths.js';
import type { AgentSummary } from '../../../src/store/agents.js';

const NEW = '\u0000new';

interface Props {
  agents: AgentSummary[];
  creating: boolean;
  onChoose(agent: string): void;
  onCreateStart(): void;
  onCreateCancel(): void;
  onCreate(id: string): void;
}

function hint(agent: AgentSummary): Pick<SelectItem<string>, 'hint' | 'hintTone'> {
  if (agent.profiles === null) return { hint: `store unreadable: ${agent.problem}`, hintTone: 'error' };
  if (agent.profiles === 0) return { hint: 'no profiles yet' };
  return { hint: `${agent.profiles} profile${agent.profiles === 1 ? '' : 's'}` };
}

export function AgentScreen({ agents, creating, onChoose, onCreateStart, onCreateCancel, onCreate }: Props) {
  const [refused, setRefused] = useState<string | null>(null);
  const items: SelectItem<string>[] = [
    ...agents.map((agent) => ({ key: agent.id, label: agent.id, ...hint(agent) })),
    { key: NEW, label: 'Create a new agent…' },
  ];
  return (
    <Box flexDirection="column" gap={1}>
      <Text bold>Which agent are you setting up?</Text>
      <SelectList
        items={items}
        initialKey={DEFAULT_AGENT}
        isActive={!creating}
        onSelect={(key) => (key === NEW ? onCreateStart() : onChoose(key))}
      />
      {creating ? (
        <TextInput
          label="New agent id"
          placeholder="e.g. work"
          liveProblem={(value) => agentIdProblem(value)}
          error={refused}
          onSubmit={(value) => {
            const problem = agentIdProblem(value);
            setRefused(problem ? `${problem[0]!.toUpperCase()}${problem.slice(1)}.` : null);
            if (!problem) onCreate(value);
          }}
          onEscape={onCreateCancel}
        />
      ) : null}
      <KeyHints hints={creating ? [['Enter', 'create'], ['Esc', 'back'], ['Ctrl+C', 'quit']] : [['↑↓', 'move'], ['Enter', 'choose'], ['Ctrl+C', 'quit']]} />
    </Box>
  );
}
