// Hand-written types for probe-standin.mjs (kept as JS so a spawned CLI can preload it).
export const PROBE_HOSTS: ReadonlyArray<readonly [string, string]>;
export function usageAnswer(nowMs?: number): Record<string, unknown>;
export interface ProbeStandin {
  url: string;
  seen: { path: string; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
}
export function startProbeStandin(): Promise<ProbeStandin>;
export function refusedUrl(): Promise<string>;
