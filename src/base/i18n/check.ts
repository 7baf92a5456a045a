import { placesOf } from './index.js';

/**
 * What is wrong with a catalogue against the English one: a key missing or extra, a message whose `{name}`
 * places differ (a value that would not be shown, or a place left unfilled), an empty message. The tests
 * run it on every language; a catalogue with problems fails them.
 */
export function catalogueProblems(reference: Readonly<Record<string, string>>, other: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(reference)) {
    if (!Object.hasOwn(other, key)) {
      problems.push(`missing key ${key}`);
      continue;
    }
    const message = other[key];
    if (typeof message !== 'string' || message.trim() === '') {
      problems.push(`empty message ${key}`);
      continue;
    }
    const want = placesOf(reference[key]!).join(', ');
    const got = placesOf(message).join(', ');
    if (want !== got) problems.push(`${key}: places {${got}} instead of {${want}}`);
  }
  for (const key of Object.keys(other)) if (!Object.hasOwn(reference, key)) problems.push(`extra key ${key}`);
  return problems;
}
