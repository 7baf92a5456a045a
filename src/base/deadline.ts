/**
 * A deadline held by a timer of its own, to be cleared when the work it bounds ends. Not
 * AbortSignal.timeout(): on Node 20 a timeout signal that only AbortSignal.any() refers to can be collected
 * before it fires (a local that optimised code no longer reads is not kept for it), and the deadline then
 * never comes: a probe of a 1.5 s refresh with a 0.3 s deadline was seen to answer `ok`. Aborts with a
 * TimeoutError, as AbortSignal.timeout() does (a reason for code to test, never shown to the user).
 */
export function deadline(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
