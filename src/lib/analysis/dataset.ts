/**
 * A dataset the engine analyses: one DuckDB table, one column per variable. Every column name
 * that reaches SQL is checked against `columns` and quoted by `quoteIdent` (the one place).
 */
import type { Queryable } from '../server/db/database.ts';
import { quoteIdent, sql, UnknownIdentifierError } from '../server/db/sql.ts';

export type ColumnKind = 'numeric' | 'text' | 'boolean' | 'other';

export interface Dataset {
	table: string;
	/** Column name → kind, in table order. */
	columns: Map<string, ColumnKind>;
}

export class UnknownVariableError extends Error {
	constructor(readonly variable: string) {
		super(`Unknown variable "${variable}".`);
		this.name = 'UnknownVariableError';
	}
}

function kindOf(sqlType: string): ColumnKind {
	if (
		/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(
			sqlType
		)
	) {
		return 'numeric';
	}
	if (sqlType === 'VARCHAR') return 'text';
	if (sqlType === 'BOOLEAN') return 'boolean';
	return 'other';
}

export async function describeDataset(db: Queryable, table: string): Promise<Dataset> {
	const rows = await db.all<{ name: string; type: string }>(
		sql(
			`SELECT column_name AS name, data_type AS type FROM information_schema.columns
			WHERE table_name = ? ORDER BY ordinal_position`,
			table
		)
	);
	if (rows.length === 0) throw new Error(`Table ${table} does not exist or has no columns.`);
	return { table, columns: new Map(rows.map((row) => [row.name, kindOf(row.type)])) };
}

/** The quoted column of a variable, or UnknownVariableError. */
export function col(dataset: Dataset, variable: string): string {
	try {
		return quoteIdent(variable, dataset.columns.keys());
	} catch (error) {
		if (error instanceof UnknownIdentifierError) throw new UnknownVariableError(variable);
		throw error;
	}
}

export function tableRef(dataset: Dataset): string {
	return quoteIdent(dataset.table, [dataset.table]);
}

export function requireVariables(dataset: Dataset, variables: string[]): void {
	for (const variable of variables) col(dataset, variable);
}
