/**
 * The designer's palette: each kind of question a researcher can add, as the SurveyJS JSON it
 * starts from. Choices always carry numeric codes (the codebook that analysis uses); don't know
 * and refused have the fixed codes 98 and 99 so that analysis can keep them apart as missing.
 */
export type ElementJson = Record<string, unknown> & { type: string; name: string };

export interface PaletteItem {
	kind: string;
	label: string;
	/** The name prefix of new elements of this kind (q1, q2, … or grid1, …). */
	prefix: string;
	create: (name: string) => ElementJson;
}

export const dontKnowCode = 98;
export const refusedCode = 99;

const options = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ value: i + 1, text: `Option ${i + 1}` }));

const agreement = ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'];

export const palette: PaletteItem[] = [
	{
		kind: 'single',
		label: 'Single choice',
		prefix: 'q',
		create: (name) => ({ type: 'radiogroup', name, title: 'New question', choices: options(3) })
	},
	{
		kind: 'multiple',
		label: 'Multiple choice',
		prefix: 'q',
		create: (name) => ({ type: 'checkbox', name, title: 'New question', choices: options(3) })
	},
	{
		kind: 'dropdown',
		label: 'Dropdown',
		prefix: 'q',
		create: (name) => ({ type: 'dropdown', name, title: 'New question', choices: options(3) })
	},
	{
		kind: 'grid',
		label: 'Likert grid',
		prefix: 'grid',
		create: (name) => ({
			type: 'matrix',
			name,
			title: 'How much do you agree with each statement?',
			columns: agreement.map((text, i) => ({ value: i + 1, text })),
			rows: [
				{ value: 1, text: 'Statement 1' },
				{ value: 2, text: 'Statement 2' }
			]
		})
	},
	{
		kind: 'rating',
		label: 'Rating 1–5',
		prefix: 'q',
		create: (name) => ({ type: 'rating', name, title: 'New question', rateMin: 1, rateMax: 5 })
	},
	{
		kind: 'nps',
		label: 'Rating 0–10 (NPS)',
		prefix: 'q',
		create: (name) => ({
			type: 'rating',
			name,
			title: 'How likely are you to recommend it to a friend or colleague?',
			rateMin: 0,
			rateMax: 10,
			rateCount: 11,
			minRateDescription: 'Not at all likely',
			maxRateDescription: 'Extremely likely'
		})
	},
	{
		kind: 'ranking',
		label: 'Ranking',
		prefix: 'q',
		create: (name) => ({ type: 'ranking', name, title: 'Rank these', choices: options(3) })
	},
	{
		kind: 'yesno',
		label: 'Yes / no',
		prefix: 'q',
		create: (name) => ({
			type: 'radiogroup',
			name,
			title: 'New question',
			choices: [
				{ value: 1, text: 'Yes' },
				{ value: 2, text: 'No' }
			]
		})
	},
	{
		kind: 'number',
		label: 'Number',
		prefix: 'q',
		create: (name) => ({ type: 'text', name, title: 'New question', inputType: 'number' })
	},
	{
		kind: 'text',
		label: 'Short text',
		prefix: 'q',
		create: (name) => ({ type: 'text', name, title: 'New question' })
	},
	{
		kind: 'longtext',
		label: 'Long text',
		prefix: 'q',
		create: (name) => ({ type: 'comment', name, title: 'New question' })
	},
	{
		kind: 'date',
		label: 'Date',
		prefix: 'q',
		create: (name) => ({ type: 'text', name, title: 'New question', inputType: 'date' })
	},
	{
		kind: 'html',
		label: 'Text block',
		prefix: 'info',
		create: (name) => ({ type: 'html', name, html: '<p>Text shown to the respondent.</p>' })
	},
	{
		kind: 'panel',
		label: 'Panel (group)',
		prefix: 'panel',
		create: (name) => ({ type: 'panel', name, title: 'New group', elements: [] })
	}
];

/** What the palette calls an element, for the outline. */
export function kindLabel(element: Record<string, unknown>): string {
	const type = String(element.type);
	if (type === 'text') {
		if (element.inputType === 'number') return 'Number';
		if (element.inputType === 'date') return 'Date';
		return 'Short text';
	}
	const labels: Record<string, string> = {
		radiogroup: 'Single choice',
		checkbox: 'Multiple choice',
		dropdown: 'Dropdown',
		tagbox: 'Multiple choice',
		matrix: 'Likert grid',
		rating: 'Rating',
		ranking: 'Ranking',
		boolean: 'Yes / no',
		comment: 'Long text',
		html: 'Text block',
		panel: 'Panel',
		expression: 'Calculated',
		multipletext: 'Several texts',
		image: 'Image'
	};
	return labels[type] ?? type;
}

export const choiceTypes = new Set(['radiogroup', 'checkbox', 'dropdown', 'tagbox', 'ranking']);
