import { anthropicProbe } from './anthropic.js';
import { copilotProbe } from './github-copilot.js';
import { openaiProbe } from './openai.js';
import { codexProbe } from './openai-codex.js';
import { openrouterProbe } from './openrouter.js';
import type { ProbeFor } from './types.js';

/** The built-in providers' probes (each module says where its endpoint comes from). */
export const BUILTIN_PROBES: Readonly<Record<string, ProbeFor>> = {
  anthropic: anthropicProbe,
  openai: openaiProbe,
  openrouter: openrouterProbe,
  'openai-codex': codexProbe,
  'github-copilot': copilotProbe,
};
