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
