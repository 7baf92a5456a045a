import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import type { Warn } from '../base/io.js';
import { importPackage } from './import.js';

const configSchema = z.looseObject({
  auth: z.optional(
    z.looseObject({
      order: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
  ),
});

export interface OpenClawConfig {
  authOrder: Record<string, string[]>;
}

/** `<state>/openclaw.json` (JSON5 comments tolerated). A missing file is empty; a broken one warns. */
export async function readConfig(configFile: string, warn: Warn): Promise<OpenClawConfig> {
  let text: string;
  try {
    text = await readFile(configFile, 'utf8');
  } catch {
    return { authOrder: {} };
  }
  let value: unknown;
  try {
    // Loaded only when there is a config: most runs have none, and every command pays for its imports.
    const JSON5 = (await importPackage<{ default: typeof import('json5') }>('json5')).default;
    value = JSON5.parse(text);
  } catch {
    warn(`ignoring ${configFile}: not valid JSON.`);
    return { authOrder: {} };
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    warn(`ignoring auth settings in ${configFile}: expected "auth.order" to map providers to lists of profile ids.`);
    return { authOrder: {} };
  }
  return { authOrder: parsed.data.auth?.order ?? {} };
}
