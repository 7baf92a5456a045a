import { cli } from './cli.js';
import { common } from './common.js';
import { holders } from './holders.js';
import { model } from './model.js';
import { secrets } from './secrets.js';
import { probe } from './probe.js';
import { signin } from './signin.js';
import { wizard } from './wizard.js';

/**
 * The English catalogue: the keys every other language must have, with the same `{name}` places. It is
 * read through its parts (t() looks a key up in each): merging ~600 keys into one object cost every run
 * about half a millisecond at start-up.
 */
export const enParts = [common, wizard, signin, cli, model, secrets, probe, holders] as const;
export type EnglishCatalogue = typeof common & typeof wizard & typeof signin & typeof cli & typeof model & typeof secrets & typeof probe & typeof holders;
export type MessageKey = keyof EnglishCatalogue;

/** The English sentence of `key`, looked up part by part (undefined for a key that is in none). */
export function englishMessage(key: string): string | undefined {
  for (const part of enParts) if (Object.hasOwn(part, key)) return (part as Record<string, string>)[key];
  return undefined;
}

let merged: EnglishCatalogue | null = null;
/** All of it in one object, made on first use (the catalogue checks and tests). */
export function englishCatalogue(): EnglishCatalogue {
  return (merged ??= Object.assign({}, ...enParts) as EnglishCatalogue);
}
