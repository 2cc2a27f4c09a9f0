import { describe, expect, it } from 'vitest';
import { parseNets, parseWorkspaceQuery } from './workspace-query.ts';

describe('the banner page query', () => {
	it('reads rows, banners, scheme, a filter, NETs, means and the adjustment', () => {
		const query = parseWorkspaceQuery(
			new URLSearchParams(
				'rows=q1&rows=q2&cols=sex&scheme=3&filter_var=region&filter_codes=1, 2&nets=Agree%20%3D%204%2C%205&means=1&adjustment=bh'
			)
		);
		expect(query).toMatchObject({
			rows: ['q1', 'q2'],
			cols: ['sex'],
			schemeId: 3,
			filters: [{ variable: 'region', op: 'in', values: [1, 2] }],
			nets: [{ label: 'Agree', members: ['4', '5'] }],
			means: true,
			adjustment: 'bh'
		});
		expect(parseWorkspaceQuery(new URLSearchParams('')).schemeId).toBeNull();
	});

	it('names the field of what it refuses', () => {
		const refused = (text: string) => () => parseWorkspaceQuery(new URLSearchParams(text));
		expect(refused('rows=a;drop')).toThrow('rows.0: is not a variable name');
		expect(refused('scheme=x')).toThrow('scheme: not a scheme id');
		expect(refused('filter_var=region')).toThrow(
			'filter_codes: give the codes to keep, e.g. 1, 2.'
		);
		expect(refused('adjustment=holm')).toThrow(/^adjustment: /);
		expect(() => parseNets('Agree 4 5')).toThrow('nets: line 1 should read "Label = code, code".');
	});
});
