/**
 * Where parsed JSON holds an own `__proto__` key, as a path (`profiles.__proto__`), or null. JSON.parse and
 * JSON5 make such a key an own property; validation (zod) then drops it without a word, and a rewrite would
 * lose what it held. So the store and the config look for one before they validate (SPEC 2.1, SPEC 3).
 */
export function protoKeyPath(value: unknown, path: string[] = []): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) return [...path, '__proto__'].join('.');
  for (const [key, child] of Object.entries(value)) {
    const found = protoKeyPath(child, [...path, Array.isArray(value) ? `[${key}]` : key]);
    if (found !== null) return found;
  }
  return null;
}
