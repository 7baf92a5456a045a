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
  /\b(?:sk|rk|pk|rt|at)[-_][A-Za-z0-9_-]{8,}/g,
  // key=value and "key": "value" forms of anything secret-shaped
  /((?:access|refresh|id)_?token|code_verifier|verifier|code|token|secret|password|key|authorization)(["']?\s*[:=]\s*["']?)(?:Bearer\s+)?[^\s"'&,}]+/gi,
  // long opaque runs that look like keys
  /[A-Za-z0-9_-]{32,}/g,
];

// eslint-disable-next-line no-control-regex
const CONTROL = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = stripControl(text);
  for (const secret of knownSecrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(MASK);
  }
  for (const pattern of patterns) {
    out = out.replace(pattern, (match, key?: string, sep?: string) =>
      typeof key === 'string' && typeof sep === 'string' ? `${key}${sep}${MASK}` : MASK,
    );
  }
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > MAX_SHOWN ? `${out.slice(0, MAX_SHOWN)}…` : out;
}
