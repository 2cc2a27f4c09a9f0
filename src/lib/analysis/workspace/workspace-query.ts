/**
 * The banner-table page keeps its whole request in the URL (so a table is a link an analyst can
 * share with a colleague): rows, cols, scheme, a filter, NETs, means, adjustment. This parses it
 * with zod into the structured request the engine takes; never SQL.
 *
 * NETs are written one per line as `Label = code, code` and apply to every row variable that has
 * all those codes; a filter is `variable` plus `codes` (comma-separated).
 */
import { z } from 'zod';
import type { Condition } from '../segments/rules.ts';

export interface WorkspaceQuery {
	rows: string[];
	cols: string[];
	schemeId: number | null;
	filters: Condition[];
	nets: { label: string; members: string[] }[];
	netsText: string;
	means: boolean;
	adjustment: 'none' | 'bonferroni' | 'bh';
}

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]{0,63}$/, 'is not a variable name');

const querySchema = z.object({
	rows: z.array(name).max(60, 'rows: at most 60 variables'),
	cols: z.array(name).max(8, 'cols: at most 8 banner variables'),
	scheme: z
		.string()
		.regex(/^\d*$/, 'scheme: not a scheme id')
		.transform((v) => (v ? Number(v) : null)),
	filter_var: z.union([z.literal(''), name]),
	filter_codes: z.string().max(500),
	nets: z.string().max(2000),
	means: z.boolean(),
	adjustment: z.enum(['none', 'bonferroni', 'bh'])
});

export class WorkspaceQueryError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WorkspaceQueryError';
	}
}

function codesOf(text: string): (string | number)[] {
	return text
		.split(',')
		.map((code) => code.trim())
		.filter(Boolean)
		.map((code) => (/^-?\d+(\.\d+)?$/.test(code) ? Number(code) : code));
}

export function parseNets(text: string): { label: string; members: string[] }[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line, i) => {
			const match = /^(.{1,80}?)\s*=\s*(.+)$/.exec(line);
			if (!match)
				throw new WorkspaceQueryError(`nets: line ${i + 1} should read "Label = code, code".`);
			const members = codesOf(match[2]!).map(String);
			if (!members.length) throw new WorkspaceQueryError(`nets: line ${i + 1} lists no codes.`);
			return { label: match[1]!.trim(), members };
		});
}

export function parseWorkspaceQuery(params: URLSearchParams): WorkspaceQuery {
	const parsed = querySchema.safeParse({
		rows: params.getAll('rows').filter(Boolean),
		cols: params.getAll('cols').filter(Boolean),
		scheme: params.get('scheme') ?? '',
		filter_var: params.get('filter_var') ?? '',
		filter_codes: params.get('filter_codes') ?? '',
		nets: params.get('nets') ?? '',
		means: params.get('means') === '1' || params.get('means') === 'on',
		adjustment: params.get('adjustment') || 'none'
	});
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new WorkspaceQueryError(`${issue.path.join('.') || 'query'}: ${issue.message}`);
	}
	const q = parsed.data;
	const filters: Condition[] = [];
	if (q.filter_var) {
		const values = codesOf(q.filter_codes);
		if (!values.length)
			throw new WorkspaceQueryError('filter_codes: give the codes to keep, e.g. 1, 2.');
		filters.push({ variable: q.filter_var, op: 'in', values });
	}
	return {
		rows: q.rows,
		cols: q.cols,
		schemeId: q.scheme,
		filters,
		nets: parseNets(q.nets),
		netsText: q.nets,
		means: q.means,
		adjustment: q.adjustment
	};
}
