/**
 * SPEC 4: an account id read from a JWT is stored only when it matches this, so that a hostile or broken
 * token cannot put terminal escapes (or anything else) into the store and onto every status screen.
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** The account id when it is acceptable, else null. */
export function checkedAccountId(value: unknown): string | null {
  return typeof value === 'string' && ACCOUNT_ID_PATTERN.test(value) ? value : null;
}

/** An email from an id token, kept only when it is one printable word with an `@` (it is shown as it is). */
export function checkedEmail(value: unknown): string | null {
  return typeof value === 'string' && /^[^\s@\p{Cc}\p{Cf}]{1,128}@[^\s@\p{Cc}\p{Cf}]{1,128}$/u.test(value) ? value : null;
}
