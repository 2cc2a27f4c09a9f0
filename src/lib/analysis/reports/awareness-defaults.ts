/**
 * The awareness report "one click from a tracker": a starting spec read off the questionnaire's
 * variables, which the analyst can then change. The rules, in order:
 * - items: the options of multi-select questions whose name contains "aware" (not "none"), else
 *   the options of the first multi-select question;
 * - banners: whichever of sex, age_group, settlement, education exist;
 * - trend: by wave when there are at least two waves; ranking: by region when it exists;
 * - funnel: heard of (the aware question's "none" option not chosen) → knows what it is (the top
 *   half of the answer scale of a variable named like "knowledge") → favourable (the top two
 *   codes of a variable named like "favourable", or else of the first attitude row about how
 *   well the government informs). A stage whose variable is not there is left out.
 */
import type { AwarenessSpec } from './awareness.ts';

export interface AwarenessVariable {
	name: string;
	kind: 'single' | 'multi' | 'numeric' | 'derived' | 'wave';
	values: { code: string; label: string }[];
	options?: { name: string; label: string }[];
}

const numericCodes = (v: AwarenessVariable) =>
	v.values.map((value) => Number(value.code)).filter((code) => Number.isFinite(code) && code < 90);

export function defaultAwarenessSpec(variables: AwarenessVariable[], waves: number): AwarenessSpec {
	const multis = variables.filter((v) => v.kind === 'multi' && v.options?.length);
	const aware = multis.filter((v) => /aware/i.test(v.name));
	const itemSource = aware.length ? aware : multis.slice(0, 1);
	const items = itemSource.flatMap((v) =>
		(v.options ?? [])
			.filter((o) => !/_none$/.test(o.name))
			.map((o) => ({ variable: o.name, label: o.label, codes: ['1'] }))
	);
	const has = (name: string) => variables.some((v) => v.name === name);
	const funnel: AwarenessSpec['funnel'] = [];
	const none = itemSource[0]?.options?.find((o) => /_none$/.test(o.name));
	if (none)
		funnel.push({
			label: 'Heard of at least one',
			conditions: [{ variable: none.name, op: 'in', values: [0] }]
		});
	const knowledge = variables.find((v) => v.kind === 'single' && /knowledge/i.test(v.name));
	if (knowledge) {
		const codes = numericCodes(knowledge).sort((a, b) => a - b);
		const top = codes.slice(Math.floor(codes.length / 2));
		if (top.length)
			funnel.push({
				label: 'Knows what they are',
				conditions: [{ variable: knowledge.name, op: 'in', values: top }]
			});
	}
	const favourable =
		variables.find((v) => v.kind === 'single' && /favou?rab/i.test(v.name)) ??
		variables.find((v) => v.kind === 'single' && /informs/i.test(v.name));
	if (favourable) {
		const codes = numericCodes(favourable).sort((a, b) => a - b);
		if (codes.length >= 2)
			funnel.push({
				label: 'Favourable',
				conditions: [{ variable: favourable.name, op: 'in', values: codes.slice(-2) }]
			});
	}
	return {
		items,
		banners: ['sex', 'age_group', 'settlement', 'education'].filter(has).slice(0, 3),
		wave: waves > 1 && has('wave') ? 'wave' : null,
		rankBy: has('region') ? 'region' : null,
		rankItem: 0,
		funnel
	};
}
