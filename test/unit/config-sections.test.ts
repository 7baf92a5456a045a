import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { sections } from '../../src/env/config.js';

// src/env/config.ts checks `auth` and `plugins` by hand (loading zod for them cost a run with a config file
// ~4 ms). These are the zod schemas it replaced: for every value below both must agree on accepting it, and
// on what is read from it.
const zodSections = {
  auth: z.optional(z.looseObject({ order: z.optional(z.record(z.string(), z.array(z.string()))) })),
  plugins: z.optional(z.looseObject({ load: z.optional(z.looseObject({ paths: z.optional(z.array(z.string())) })) })),
};

const leaves: unknown[] = [undefined, null, 0, 1, '', 'x', true, false, [], ['a'], [1], ['a', 2], {}, { a: 1 }, [[]]];
const authValues: unknown[] = [
  ...leaves,
  ...leaves.map((order) => ({ order })),
  ...leaves.map((ids) => ({ order: { openai: ids } })),
  { order: { openai: ['openai:a'], anthropic: [] }, other: 5 },
  { order: { openai: ['openai:a'], anthropic: ['x', 3] } },
];
const pluginValues: unknown[] = [
  ...leaves,
  ...leaves.map((load) => ({ load })),
  ...leaves.map((paths) => ({ load: { paths } })),
  { load: { paths: ['a', 'b'], other: 1 }, more: true },
];

describe('the config sections, checked without zod', () => {
  for (const [name, values] of [['auth', authValues], ['plugins', pluginValues]] as const) {
    it(`${name}: accepts and reads exactly what the zod schema does (${values.length} values)`, () => {
      for (const value of values) {
        const reference = zodSections[name].safeParse(value);
        const ours = sections[name](value);
        const label = JSON.stringify(value) ?? 'undefined';
        expect(ours !== null, label).toBe(reference.success);
        if (!reference.success) continue;
        if (name === 'auth') expect((ours as ReturnType<typeof sections.auth>)?.order ?? {}, label).toEqual((reference.data as { order?: unknown } | undefined)?.order ?? {});
        else expect((ours as ReturnType<typeof sections.plugins>)?.load?.paths ?? [], label).toEqual((reference.data as { load?: { paths?: unknown } } | undefined)?.load?.paths ?? []);
      }
    });
  }
});
