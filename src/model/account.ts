/**
 * SPEC 4: an account id read from a JWT is stored only when it matches this, so that a hostile or broken
 * token cannot put terminal escapes (or anything else) into the store and onto every status screen.
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** The account id when it is acceptable, else null. */
export function checkedAccountId(value: unknown): string | null {
  return typeof value === 'string' && ACCOUNT_ID_PATTERN.test(value) ? value : null;
}
