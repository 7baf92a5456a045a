/** SPEC 11, one grant, one holder: links between agents, other tools' files, `openclaw doctor`. */
export const holders = {
  'link.nowhere': 'link {id} names neither an agent nor a file',
  'tools.missing': '{tool}: {file} is not there. Sign in with that tool first.',
  'tools.foreign': '{tool}: {file} belongs to another user; it is not read.',
  'tools.malformed': '{tool}: {file} holds no sign-in that can be used (not the JSON it writes). It is left as it is.',
  'tools.not-chatgpt': '{tool}: {file} holds an API key, not a ChatGPT sign-in. Run `codex login` to sign in with ChatGPT, or sign in here.',
  'tools.claudeExpired': '{id}: the Claude Code sign-in in {file} has expired. Run `claude` once (it refreshes it), or use a setup-token: {command}',
  'agents.linkedOne': 'Shared 1 sign-in with {from} by reference (refreshed there, never copied): {ids}',
  'agents.linked': 'Shared {n} sign-ins with {from} by reference (refreshed there, never copied): {ids}',
  'holder.inherited': 'inherited from agent {owner}',
  'holder.codex-cli': 'shared with Codex CLI',
  'holder.claude-cli': 'read from Claude Code',
  'holder.unresolved': '{id} is linked to {owner}, which holds no usable sign-in for it now. Sign in on this agent with: {command}',
  'holder.twice': 'warning: agent {agent} and agent {other} hold the same {id} grant (one of them will be signed out); run openclaw doctor --fix',
  'logout.unlinked': 'Removed the link {ids} from agent {agent}; the sign-in stays with {owner}.',
} as const;
