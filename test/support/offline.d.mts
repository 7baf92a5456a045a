export function isOffLimits(url: string): boolean;
