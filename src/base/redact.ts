import { stripControl } from './text.js';

/**
 * Makes text from a token endpoint, pi-ai or an exception safe to show: no secret, no terminal control
 * sequence (a hostile server must not draw on the user's terminal), and a sane length.
 */
const MAX_SHOWN = 300;
const MASK = '[redacted]';

const patterns: RegExp[] = [
  // JWTs (access and id tokens)
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g,
  // API keys and setup-tokens: sk-…, sk-ant-oat01-…, rt_…/ey-style opaque tokens
  /\b(?:sk|rk|pk|rt|at|ac)[-_][A-Za-z0-9_-]{8,}/g,
  // key=value and "key": "value" forms of anything secret-shaped, also URL-encoded (refresh_token%3D…)
  /((?:access|refresh|id)_?token|code_verifier|verifier|code|token|secret|password|key|authorization)(["']?\s*(?:[:=]|%3[Dd])\s*["']?)(?:Bearer\s+)?[^\s"'&,}]+/gi,
  /\bBearer\s+[^\s"',}]+/g,
  // long opaque runs that look like keys
  /[A-Za-z0-9_-]{32,}/g,
];

/**
 * Standard base64 (with + and /) escapes the run above at every + or /. A run of at least 24 such
 * characters is masked when it mixes upper case, lower case and digits, as keys do. A run inside a path
 * (`/tmp/review-rb/Users/Alice/Work2024/x.json`) has each '/'-separated segment judged on its own, so the
 * path stays readable and only a segment that is itself a long random run is masked. A path is told by the
 * whole word around the run (up to whitespace or a quote): it has a '/' and one of '.', '-', '_', which
 * base64 never has, and no '+' or '='. So `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` is still masked whole.
 */
const BASE64_RUN = /[A-Za-z0-9+/]{24,}={0,2}/g;
const MIN_RANDOM_RUN = 24;
const looksRandom = (run: string) =>
  run.length >= MIN_RANDOM_RUN && /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
const BOUNDARY = /[\s"'`]/;
function wordAround(text: string, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from > 0 && !BOUNDARY.test(text[from - 1]!)) from--;
  while (to < text.length && !BOUNDARY.test(text[to]!)) to++;
  return text.slice(from, to);
}
const isPath = (word: string) => word.includes('/') && /[._-]/.test(word) && !/[+=]/.test(word);
const maskRun = (run: string, offset: number, text: string) =>
  run.includes('/') && isPath(wordAround(text, offset, offset + run.length))
    ? run
        .split('/')
        .map((segment) => (looksRandom(segment) ? MASK : segment))
        .join('/')
    : looksRandom(run)
      ? MASK
      : run;

/**
 * SPEC 12: secrets this process resolved from a reference (an env variable, a file, a resolver, the
 * keychain). They need not look like keys at all, so they are masked by value wherever text is redacted,
 * as the stored ones a command knows are.
 */
const resolvedSecrets = new Set<string>();

export function rememberSecret(secret: string): void {
  if (secret.length >= 4) resolvedSecrets.add(secret);
}

/** Masks every secret resolved in this process (and `knownSecrets`) in `text`, and nothing else. */
export function maskKnown(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...knownSecrets, ...resolvedSecrets]) {
    if (secret && secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out;
}

/** `knownSecrets` are masked wherever they appear; `max` is how many characters are kept at most. */
export function redact(text: string, knownSecrets: readonly string[] = [], max = MAX_SHOWN): string {
  let out = maskKnown(stripControl(text), knownSecrets);
  for (const pattern of patterns) {
    out = out.replace(pattern, (_match, key?: string, sep?: string) =>
      typeof key === 'string' && typeof sep === 'string' ? `${key}${sep}${MASK}` : MASK,
    );
  }
  out = out.replace(BASE64_RUN, maskRun);
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/**
 * A value the user typed (a flag, an argument) quoted back in an error: redacted, without control
 * characters, short. A long value is not quoted at all: a mistyped id is short, a token pasted into the
 * wrong place is long, and an error must not carry it to the screen, a log or a bug report.
 */
export function echoed(value: string, max = 32, options: { quote?: boolean } = {}): string {
  if (value.length > max) return `(${value.length} characters, not shown)`;
  const shown = redact(value, [], max).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return options.quote === false ? shown : `"${shown}"`;
}
