export function browse(url: string, origin: string): Promise<Response>;
