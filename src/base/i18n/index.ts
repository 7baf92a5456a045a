import type { Env } from '../io.js';
import { englishCatalogue, englishMessage, type EnglishCatalogue, type MessageKey } from './en/index.js';
import { loadZhHant } from './load-zh-hant.js';

/**
 * The message catalogue (SPEC 9): every sentence a person reads comes from here by key, its values
 * (ids, paths, counts, durations) put into `{name}` places, never glued into grammar. English is the
 * catalogue the keys are declared in; another language is its own module, imported only when in use.
 */

export type Lang = 'en' | 'zh-Hant';
export type { MessageKey };
export type Catalogue = Readonly<Record<MessageKey, string>>;

/** The `{name}` places of a message, as a union of names. */
type PlacesOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | PlacesOf<Rest> : never;
type ParamsOf<K extends MessageKey> = [PlacesOf<EnglishCatalogue[K]>] extends [never] ? [] : [Record<PlacesOf<EnglishCatalogue[K]>, string | number>];

let currentLang: Lang = 'en';
/** The catalogue in use; null is English, read through its parts. */
let current: Catalogue | null = null;

function english(key: MessageKey): string {
  return englishMessage(key) ?? key;
}

const ZH_HANT = /^zh[-_](tw|hk|mo|hant)\b/i;

/** SPEC 9: OPENCLAW_LANG, else LC_ALL, LC_MESSAGES, LANG; zh_TW/zh_HK/zh_MO and zh-Hant tags → zh-Hant. */
export function chooseLang(env: Env): Lang {
  const tag = [env.OPENCLAW_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '') ?? '';
  // Most tags are not Chinese at all: asked without the patterns, which V8 would compile at their first use.
  if (tag.slice(0, 2).toLowerCase() !== 'zh') return 'en';
  return ZH_HANT.test(tag) || /^zh[-_]hant/i.test(tag) ? 'zh-Hant' : 'en';
}

/** The catalogue of `lang`; only this imports another language's module, and only on demand. */
export async function loadCatalogue(lang: Lang): Promise<Catalogue> {
  return lang === 'en' ? englishCatalogue() : loadZhHant();
}

/**
 * Makes `lang` the language of every t() until the returned function puts the previous one back. The
 * command line sets it once per run (tests run many languages in one process), the wizard likewise.
 */
export async function useLang(lang: Lang): Promise<() => void> {
  const catalogue = lang === 'en' ? null : await loadCatalogue(lang);
  const previous = { lang: currentLang, catalogue: current };
  currentLang = lang;
  current = catalogue;
  return () => {
    currentLang = previous.lang;
    current = previous.catalogue;
  };
}

export function lang(): Lang {
  return currentLang;
}

/** Puts `params` into a message's `{name}` places; an unknown place stays as it is written. */
export function fill(message: string, params: Readonly<Record<string, string | number>> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The sentence `key` in the language in use, with its parameters put in. */
export function t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
  return fill(current?.[key] ?? english(key), params[0]);
}

/** The `{name}` places of a message, sorted: the catalogue check compares them between languages. */
export function placesOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/** A date as a reader of the language expects it (UTC, as the store's epoch milliseconds are). */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return currentLang === 'zh-Hant' ? t('date.ymd', { y: iso.slice(0, 4), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) }) : iso.slice(0, 10);
}

/** Ids as a list in the language in use ("a, b" / "a、b"), or the word for none. */
export function listOrNone(ids: readonly string[]): string {
  return ids.length ? ids.join(t('list.join')) : t('list.none');
}
