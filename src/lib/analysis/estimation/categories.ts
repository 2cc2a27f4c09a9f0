/** The order categories are shown in: numbers numerically, then text alphabetically. */
export function compareCategories(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	const numeric = (value: string, n: number) => value.trim() !== '' && Number.isFinite(n);
	if (numeric(a, x) && numeric(b, y)) return x - y;
	if (numeric(a, x)) return -1;
	if (numeric(b, y)) return 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A value as category text: whole numbers without decimals (1.0 → "1", as target files write
 * them), other numbers and text as they are; null stays null.
 */
export function categoryText(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') {
		return Number.isInteger(value) && Math.abs(value) < 1e15
			? String(value === 0 ? 0 : value)
			: String(value);
	}
	if (typeof value === 'bigint') return value.toString();
	if (value instanceof Date) return value.toISOString();
	return String(value);
}
