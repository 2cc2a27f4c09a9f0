export function sourceFingerprint(root: string): string;
export function buildIfNeeded(root: string, log?: (line: string) => void): boolean;
