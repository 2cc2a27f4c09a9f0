/**
 * The one place where SQL text meets names. Values never enter SQL text: builders return
 * `{ sql, params }` and every value travels as a bound parameter (`?`).
 */

export type SqlValue = string | number | boolean | bigint | null;

export interface SqlQuery {
	sql: string;
	params: SqlValue[];
}

export function sql(text: string, ...params: SqlValue[]): SqlQuery {
	const placeholders = text.split('?').length - 1;
	if (placeholders !== params.length) {
		throw new Error(`SQL has ${placeholders} placeholders but ${params.length} values were given.`);
	}
	return { sql: text, params };
}

/**
 * Quotes an identifier after checking it against the names the caller knows to exist (the
 * codebook's variables, a table's columns). Unknown names are refused rather than escaped, so a
 * user-chosen name can only ever select an existing column.
 */
export function quoteIdent(name: string, known: Iterable<string>): string {
	const allowed = known instanceof Set ? known : new Set(known);
	if (!allowed.has(name)) throw new UnknownIdentifierError(name);
	return `"${name.replaceAll('"', '""')}"`;
}

export class UnknownIdentifierError extends Error {
	constructor(readonly identifier: string) {
		super(`Unknown name "${identifier}".`);
		this.name = 'UnknownIdentifierError';
	}
}

/** A JSON path of quoted keys, `$."q"."row"`, to bind as a value (never spliced into SQL). */
export function jsonPath(keys: string[]): string {
	return (
		'$' + keys.map((key) => `."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join('')
	);
}
