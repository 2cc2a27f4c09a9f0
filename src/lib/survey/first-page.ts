/**
 * The respondent's first page as plain HTML form controls, derived from the questionnaire JSON
 * without SurveyJS: the server renders it (src/lib/survey/FirstPageForm.svelte) so that a phone on
 * a slow connection can answer before SurveyJS (about 350 KB) has arrived; SurveyJS then takes
 * over on the same page with the answers given so far.
 *
 * Only what can be shown exactly as SurveyJS would show it is derived: the markup mirrors
 * survey-js-ui's, so the takeover does not change the layout. Anything else — conditions, random
 * order (recorded as paradata when SurveyJS shuffles), piped text, question types or properties
 * not listed here — gives a reason instead of a view, and the page waits for SurveyJS as before.
 * Unknown properties fall back too, so a new SurveyJS feature is never silently rendered wrong.
 */

export interface FirstPageChoice {
	value: string | number;
	text: string;
}

interface QuestionBase {
	name: string;
	title: string;
	description: string | null;
	required: boolean;
}

export type FirstPageElement =
	| { type: 'html'; name: string; html: string }
	| (QuestionBase & {
			type: 'radiogroup' | 'checkbox';
			choices: FirstPageChoice[];
			/** Columns on a wide screen (SurveyJS shows one column on a phone). */
			colCount: number;
			/** Index of the "none" choice (exclusive in a checkbox question), if shown. */
			noneIndex: number | null;
	  })
	| (QuestionBase & { type: 'dropdown'; choices: FirstPageChoice[]; placeholder: string })
	| (QuestionBase & { type: 'boolean'; labelTrue: string; labelFalse: string })
	| (QuestionBase & {
			type: 'rating';
			choices: FirstPageChoice[];
			minText: string | null;
			maxText: string | null;
	  })
	| (QuestionBase & {
			type: 'text';
			inputType: 'text' | 'number' | 'email' | 'tel' | 'url';
			min: string | null;
			max: string | null;
			step: string | null;
			maxLength: number | null;
			placeholder: string;
			autocomplete: string | null;
	  })
	| (QuestionBase & {
			type: 'comment';
			rows: number;
			maxLength: number | null;
			placeholder: string;
	  })
	| (QuestionBase & { type: 'matrix'; rows: FirstPageChoice[]; columns: FirstPageChoice[] });

export type FirstPageQuestion = Exclude<FirstPageElement, { type: 'html' }>;

export interface FirstPageView {
	/** The SurveyJS locale the page is in ('' for the questionnaire's default language). */
	locale: string;
	/** The root element's lang attribute, as survey-js-ui sets it. */
	lang: string;
	title: string | null;
	description: string | null;
	/** "Page 1 of n" progress buttons, when the questionnaire shows them. */
	progress: { pages: number; text: string; label: string } | null;
	page: { name: string; title: string | null; description: string | null };
	elements: FirstPageElement[];
	/** The button under the page: "Next", or "Complete" when there is only one page. */
	navigation: { text: string; complete: boolean };
	requiredMark: string;
}

export type FirstPage =
	{ view: FirstPageView; fallback?: undefined } | { view?: undefined; fallback: string };

/**
 * SurveyJS's own interface texts in the locales SurveyRunner loads (src/lib/survey/
 * surveyjs-locales.ts); any other locale shows SurveyJS's English ones, as SurveyJS itself does.
 * first-page.test.ts checks them against survey-core's translations.
 */
export const surveyJsStrings: Record<
	string,
	{
		pageNextText: string;
		completeText: string;
		placeholder: string;
		progressText: string;
		booleanCheckedLabel: string;
		booleanUncheckedLabel: string;
		noneItemText: string;
		/** The progress bar's name for screen readers. */
		progressbar: string;
	}
> = {
	en: {
		pageNextText: 'Next',
		completeText: 'Complete',
		placeholder: 'Select...',
		progressText: 'Page {0} of {1}',
		booleanCheckedLabel: 'Yes',
		booleanUncheckedLabel: 'No',
		noneItemText: 'None',
		progressbar: 'Progress bar'
	},
	ka: {
		pageNextText: 'შემდეგ',
		completeText: 'დასრულება',
		placeholder: 'არჩევა...',
		progressText: 'გვერდი {0} / {1}',
		booleanCheckedLabel: 'დიახ',
		booleanUncheckedLabel: 'არა',
		noneItemText: 'არცერთი',
		progressbar: 'პროგრესის ბარი'
	},
	ru: {
		pageNextText: 'Далее',
		completeText: 'Готово',
		placeholder: 'Выбрать...',
		progressText: 'Страница {0} из {1}',
		booleanCheckedLabel: 'Да',
		booleanUncheckedLabel: 'Нет',
		noneItemText: 'Нет',
		progressbar: 'Индикатор выполнения'
	}
};

/** Right-to-left locales: survey-js-ui sets dir="rtl" for them, which the form does not mirror. */
const rightToLeft = new Set(['ar', 'fa', 'he', 'ur', 'yi', 'ps', 'dv', 'ku', 'sd', 'ug']);

type Json = Record<string, unknown>;

class Fallback extends Error {}

function fail(reason: string): never {
	throw new Fallback(reason);
}

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A localisable text as SurveyJS resolves it (LocalizableString.pureText): the locale's own text,
 * else the default; the default language reads "default", else "en". Empty strings count as
 * missing. Text with "{…}" placeholders would be processed by SurveyJS, so it falls back.
 */
function localText(value: unknown, locale: string, what: string): string | null {
	let result: unknown;
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') result = value;
	else if (isObject(value)) {
		const pick = (key: string) =>
			typeof value[key] === 'string' && value[key] !== '' ? (value[key] as string) : undefined;
		const dialect = locale.includes('-') ? locale.slice(0, locale.indexOf('-')) : '';
		result = locale
			? (pick(locale) ?? (dialect ? pick(dialect) : undefined) ?? pick('default'))
			: (pick('default') ?? pick('en'));
		for (const text of Object.values(value)) {
			if (typeof text !== 'string') fail(`${what} is not text`);
		}
	} else fail(`${what} is not text`);
	if (result === undefined || result === '') return null;
	if ((result as string).includes('{')) fail(`${what} has piped text`);
	return result as string;
}

/** Each property of `object` must be listed, with an accepted value (`true`: any value). */
function allowOnly(
	object: Json,
	allowed: Record<string, true | ((value: unknown) => boolean)>,
	what: string
) {
	for (const [key, value] of Object.entries(object)) {
		const rule = allowed[key];
		if (!rule) fail(`${what}: property "${key}" is not pre-rendered`);
		if (rule !== true && !rule(value)) fail(`${what}: ${key} = ${JSON.stringify(value)}`);
	}
}

const is =
	(...values: unknown[]) =>
	(value: unknown) =>
		values.includes(value);
const isNumberLike = (value: unknown) =>
	(typeof value === 'number' && Number.isFinite(value)) ||
	(typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
const isPositiveInteger = (value: unknown) =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Choices as SurveyJS reads them (ItemValue): numbers, strings, or {value, text}. */
function choiceList(value: unknown, locale: string, what: string): FirstPageChoice[] {
	if (!Array.isArray(value)) fail(`${what} are not a list`);
	const seen = new Set<string>();
	const list = value.map((item): FirstPageChoice => {
		let choice: FirstPageChoice;
		if (typeof item === 'number' && Number.isFinite(item))
			choice = { value: item, text: `${item}` };
		else if (typeof item === 'string' && item !== '') {
			// "value|text" is SurveyJS shorthand; not worth mirroring.
			if (item.includes('|')) fail(`${what}: "${item}" uses the value|text shorthand`);
			choice = { value: item, text: item };
		} else if (isObject(item)) {
			allowOnly(item, { value: true, text: true, randomize: true }, `${what} item`);
			const raw = item.value;
			if (!((typeof raw === 'number' && Number.isFinite(raw)) || (typeof raw === 'string' && raw)))
				fail(`${what}: a choice value is neither a number nor text`);
			choice = { value: raw, text: localText(item.text, locale, `${what} text`) ?? `${raw}` };
		} else fail(`${what}: a choice is neither a number, text nor {value, text}`);
		const key = `${choice.value}`;
		if (seen.has(key)) fail(`${what}: value ${key} repeats`);
		seen.add(key);
		if (choice.text.includes('{')) fail(`${what} has piped text`);
		return choice;
	});
	if (list.length === 0) fail(`${what} are empty`);
	return list;
}

const common: Record<string, true | ((value: unknown) => boolean)> = {
	type: true,
	name: true,
	title: true,
	description: true,
	isRequired: (value) => typeof value === 'boolean',
	requiredErrorText: true,
	validators: true,
	hideNumber: true,
	correctAnswer: true,
	attentionCheck: true,
	useDisplayValuesInDynamicTexts: true,
	visible: is(true),
	titleLocation: is('default', 'top'),
	descriptionLocation: is('default', 'underTitle'),
	errorLocation: is('default', 'top'),
	startWithNewLine: is(true)
};

const choiceProperties = {
	...common,
	choices: true,
	choicesOrder: is('none'),
	showNoneItem: (value: unknown) => typeof value === 'boolean',
	hasNone: (value: unknown) => typeof value === 'boolean',
	noneText: true,
	separateSpecialChoices: is(false),
	showClearButton: is(false),
	colCount: (value: unknown) => isPositiveInteger(value) && (value as number) >= 1
} as const;

function questionBase(element: Json, locale: string): QuestionBase {
	const name = element.name as string;
	return {
		name,
		title: localText(element.title, locale, `title of ${name}`) ?? name,
		description: localText(element.description, locale, `description of ${name}`),
		required: element.isRequired === true
	};
}

function ratingChoices(element: Json, locale: string): FirstPageChoice[] {
	const name = element.name as string;
	if (Array.isArray(element.rateValues) && element.rateValues.length > 0) {
		for (const key of ['rateMin', 'rateMax', 'rateStep', 'rateCount'])
			if (key in element) fail(`${name}: both rateValues and ${key}`);
		return choiceList(element.rateValues, locale, `rate values of ${name}`);
	}
	if ('rateCount' in element) fail(`${name}: rateCount`);
	for (const key of ['rateMin', 'rateMax', 'rateStep'])
		if (key in element && !(typeof element[key] === 'number' && Number.isInteger(element[key])))
			fail(`${name}: ${key} is not a whole number`);
	const min = (element.rateMin as number | undefined) ?? 1;
	const max = (element.rateMax as number | undefined) ?? 5;
	const step = (element.rateStep as number | undefined) ?? 1;
	if (step <= 0 || max <= min || (max - min) / step > 20 || (max - min) % step !== 0)
		fail(`${name}: rating scale ${min}..${max} by ${step}`);
	const choices: FirstPageChoice[] = [];
	for (let value = min; value <= max; value += step) choices.push({ value, text: `${value}` });
	return choices;
}

function question(element: Json, locale: string, survey: Json): FirstPageElement {
	const type = element.type;
	const name = element.name;
	if (typeof name !== 'string' || name === '') fail('a question without a name');
	const what = `question ${name}`;
	switch (type) {
		case 'html': {
			allowOnly(element, { type: true, name: true, html: true, visible: is(true) }, what);
			return { type: 'html', name, html: localText(element.html, locale, `html of ${name}`) ?? '' };
		}
		case 'radiogroup':
		case 'checkbox': {
			allowOnly(
				element,
				type === 'checkbox' ? { ...choiceProperties, minSelectedChoices: true } : choiceProperties,
				what
			);
			const choices = choiceList(element.choices, locale, `choices of ${name}`);
			let noneIndex: number | null = null;
			if (element.showNoneItem === true || element.hasNone === true) {
				if (choices.some((choice) => choice.value === 'none'))
					fail(`${name}: a choice has the "none" value`);
				noneIndex = choices.length;
				choices.push({
					value: 'none',
					text:
						localText(element.noneText, locale, `none text of ${name}`) ??
						stringsFor(locale).noneItemText
				});
			}
			return {
				...questionBase(element, locale),
				type,
				choices,
				colCount: (element.colCount as number | undefined) ?? 1,
				noneIndex
			};
		}
		case 'dropdown': {
			allowOnly(
				element,
				{
					...common,
					choices: true,
					choicesOrder: is('none'),
					placeholder: true,
					optionsCaption: true,
					allowClear: true,
					searchEnabled: true
				},
				what
			);
			return {
				...questionBase(element, locale),
				type,
				choices: choiceList(element.choices, locale, `choices of ${name}`),
				placeholder:
					localText(
						element.placeholder ?? element.optionsCaption,
						locale,
						`placeholder of ${name}`
					) ?? stringsFor(locale).placeholder
			};
		}
		case 'boolean': {
			allowOnly(element, { ...common, labelTrue: true, labelFalse: true }, what);
			const strings = stringsFor(locale);
			return {
				...questionBase(element, locale),
				type,
				labelTrue:
					localText(element.labelTrue, locale, `labels of ${name}`) ?? strings.booleanCheckedLabel,
				labelFalse:
					localText(element.labelFalse, locale, `labels of ${name}`) ??
					strings.booleanUncheckedLabel
			};
		}
		case 'rating': {
			// Only buttons: in "auto" mode SurveyJS turns the scale into a dropdown when it does not
			// fit the screen, which only the browser can tell.
			allowOnly(
				element,
				{
					...common,
					displayMode: is('buttons'),
					rateType: is('labels'),
					rateValues: true,
					rateMin: true,
					rateMax: true,
					rateStep: true,
					rateCount: true,
					minRateDescription: true,
					maxRateDescription: true
				},
				what
			);
			if (element.displayMode !== 'buttons') fail(`${name}: rating not shown as buttons`);
			return {
				...questionBase(element, locale),
				type,
				choices: ratingChoices(element, locale),
				minText: localText(element.minRateDescription, locale, `descriptions of ${name}`),
				maxText: localText(element.maxRateDescription, locale, `descriptions of ${name}`)
			};
		}
		case 'text': {
			allowOnly(
				element,
				{
					...common,
					inputType: is('text', 'number', 'email', 'tel', 'url'),
					min: isNumberLike,
					max: isNumberLike,
					step: isNumberLike,
					maxLength: isPositiveInteger,
					placeholder: true,
					autocomplete: (value) => typeof value === 'string'
				},
				what
			);
			const inputType = (element.inputType as 'number' | undefined) ?? 'text';
			const numeric = inputType === 'number';
			if (!numeric && ('min' in element || 'max' in element || 'step' in element))
				fail(`${name}: min, max or step on a ${inputType} input`);
			return {
				...questionBase(element, locale),
				type,
				inputType,
				min: element.min === undefined ? null : `${element.min as string | number}`,
				max: element.max === undefined ? null : `${element.max as string | number}`,
				step: element.step === undefined ? null : `${element.step as string | number}`,
				maxLength: maxLength(element.maxLength, survey.maxTextLength),
				placeholder: localText(element.placeholder, locale, `placeholder of ${name}`) ?? '',
				autocomplete: (element.autocomplete as string | undefined) ?? null
			};
		}
		case 'comment': {
			allowOnly(
				element,
				{ ...common, placeholder: true, maxLength: isPositiveInteger, rows: isPositiveInteger },
				what
			);
			return {
				...questionBase(element, locale),
				type,
				rows: (element.rows as number | undefined) || 4,
				maxLength: maxLength(element.maxLength, survey.maxCommentLength),
				placeholder: localText(element.placeholder, locale, `placeholder of ${name}`) ?? ''
			};
		}
		case 'matrix': {
			allowOnly(
				element,
				{
					...common,
					columns: true,
					rows: true,
					eachRowRequired: true,
					isAllRowRequired: true,
					rowOrder: is('initial'),
					rowsOrder: is('initial')
				},
				what
			);
			return {
				...questionBase(element, locale),
				type,
				rows: choiceList(element.rows, locale, `rows of ${name}`),
				columns: choiceList(element.columns, locale, `columns of ${name}`)
			};
		}
		default:
			fail(`${what}: type ${String(type)} is not pre-rendered`);
	}
}

function maxLength(own: unknown, surveyWide: unknown): number | null {
	const value = own ?? surveyWide;
	return typeof value === 'number' && value > 0 ? value : null;
}

function stringsFor(locale: string) {
	return surveyJsStrings[locale] ?? surveyJsStrings.en!;
}

const surveyProperties: Record<string, true | ((value: unknown) => boolean)> = {
	title: true,
	description: true,
	pages: true,
	languages: true,
	showProgressBar: is(true, false, 'top', 'off'),
	progressBarType: is('pages'),
	completedHtml: true,
	completedHtmlOnCondition: true,
	overQuotaText: true,
	screenedOutText: true,
	completedBeforeHtml: true,
	loadingHtml: true,
	// Complete triggers act when the respondent moves on, after SurveyJS has taken over; triggers
	// that set or copy values would change answers on the first page.
	triggers: (value) =>
		Array.isArray(value) &&
		value.every((trigger) => isObject(trigger) && trigger.type === 'complete'),
	calculatedValues: true,
	showQuestionNumbers: is(false, 'off'),
	checkErrorsMode: true,
	textUpdateMode: true,
	showPrevButton: true,
	clearInvisibleValues: true,
	showCompletedPage: true,
	navigateToUrl: true,
	navigateToUrlOnCondition: true,
	requiredText: (value) => typeof value === 'string',
	requiredMark: (value) => typeof value === 'string',
	pageNextText: true,
	pagePrevText: true,
	completeText: true,
	questionErrorLocation: is('top'),
	storeOthersAsComment: true,
	maxTextLength: isPositiveInteger,
	maxCommentLength: isPositiveInteger,
	questionsOnPageMode: is('standard'),
	showTitle: is(true),
	showPageTitles: is(true),
	firstPageIsStartPage: is(false),
	firstPageIsStarted: is(false),
	autoAdvanceEnabled: is(false),
	goNextPageAutomatic: is(false),
	widthMode: is('auto'),
	mode: is('edit'),
	headerView: is('basic'),
	logoPosition: true,
	showTOC: is(false),
	focusFirstQuestionAutomatic: true,
	focusOnFirstError: true,
	questionTitleLocation: is('top'),
	questionDescriptionLocation: is('underTitle'),
	questionsOrder: is('initial'),
	questionOrder: is('initial'),
	showNavigationButtons: is(true, 'bottom'),
	navigationButtonsLocation: is('bottom'),
	showPreviewBeforeComplete: is(false, 'noPreview')
};

const pageProperties: Record<string, true | ((value: unknown) => boolean)> = {
	name: true,
	title: true,
	description: true,
	elements: true,
	visible: (value) => typeof value === 'boolean',
	visibleIf: true,
	navigationTitle: true,
	navigationDescription: true,
	questionsOrder: is('initial', 'default'),
	questionOrder: is('initial', 'default')
};

/** Whether an element is shown when nothing has been answered yet; null: it depends. */
function shownAtStart(element: unknown): boolean | null {
	if (!isObject(element)) return null;
	if (element.visible === false) return element.visibleIf ? null : false;
	if (element.visibleIf) return null;
	if (element.type === 'panel') {
		const children = Array.isArray(element.elements) ? element.elements.map(shownAtStart) : [];
		if (children.includes(true)) return true;
		return children.includes(null) ? null : false;
	}
	return true;
}

/** Whether a page is shown when nothing has been answered yet; null: it depends. */
function pageShownAtStart(page: Json): boolean | null {
	if (page.visible === false) return page.visibleIf ? null : false;
	if (page.visibleIf) return null;
	const elements = Array.isArray(page.elements) ? page.elements.map(shownAtStart) : [];
	if (elements.includes(true)) return true;
	return elements.includes(null) ? null : false;
}

/**
 * The first page to render for `locale` (SurveyJS's locale: '' for the questionnaire's default
 * language), or why it is left to SurveyJS.
 */
export function firstPage(json: unknown, locale: string): FirstPage {
	try {
		return { view: derive(json, locale) };
	} catch (error) {
		if (error instanceof Fallback) return { fallback: error.message };
		throw error;
	}
}

function derive(json: unknown, locale: string): FirstPageView {
	if (!isObject(json)) fail('the questionnaire is not an object');
	if (rightToLeft.has(locale.split('-')[0]!)) fail(`right-to-left locale ${locale}`);
	allowOnly(json, surveyProperties, 'questionnaire');
	const pages = json.pages;
	if (!Array.isArray(pages) || pages.length === 0) fail('no pages');
	const shown: (boolean | null)[] = [];
	for (const page of pages) {
		if (!isObject(page)) fail('a page is not an object');
		allowOnly(page, pageProperties, 'page');
		shown.push(pageShownAtStart(page));
	}
	const first = shown.findIndex((value) => value !== false);
	if (first < 0) fail('no page is shown');
	if (shown[first] === null) fail('whether the first page is shown depends on answers');
	const page = pages[first] as Json;
	if (page.visibleIf) fail('the first page has a condition');
	const showProgress = json.showProgressBar === true || json.showProgressBar === 'top';
	if (showProgress && shown.includes(null)) fail('the number of pages depends on answers');
	const pageCount = shown.filter((value) => value === true).length;

	const elements: FirstPageElement[] = [];
	const names = new Set<string>();
	for (const element of page.elements as unknown[]) {
		if (!isObject(element)) fail('an element is not an object');
		if (names.has(element.name as string)) fail(`two elements are named ${String(element.name)}`);
		names.add(element.name as string);
		const visibility = shownAtStart(element);
		if (visibility === null) fail(`${String(element.name)} has a condition`);
		if (!visibility) continue;
		elements.push(question(element, locale, json));
	}
	const strings = stringsFor(locale);
	const pageName = typeof page.name === 'string' ? page.name : `page${first + 1}`;
	const single = pageCount === 1;
	return {
		locale,
		lang: locale || 'en',
		title: localText(json.title, locale, 'questionnaire title'),
		description: localText(json.description, locale, 'questionnaire description'),
		progress:
			showProgress && !single
				? {
						pages: pageCount,
						text: strings.progressText.replace('{0}', '1').replace('{1}', `${pageCount}`),
						label: strings.progressbar
					}
				: null,
		page: {
			name: pageName,
			title: localText(page.title, locale, 'page title'),
			description: localText(page.description, locale, 'page description')
		},
		elements,
		navigation: single
			? {
					text: localText(json.completeText, locale, 'complete text') ?? strings.completeText,
					complete: true
				}
			: {
					text: localText(json.pageNextText, locale, 'next text') ?? strings.pageNextText,
					complete: false
				},
		requiredMark:
			typeof json.requiredMark === 'string'
				? json.requiredMark
				: typeof json.requiredText === 'string'
					? json.requiredText
					: '*'
	};
}

/** The name of a form control: questions by position, grid rows by position within them. */
export const controlName = (index: number, row?: number) =>
	row === undefined ? `fp-${index}` : `fp-${index}-${row}`;

/**
 * The answers in the form, typed as SurveyJS stores them (choice values as written, numbers from
 * number inputs, true/false), from the form's entries (choice controls carry the choice's index).
 */
export function answersFromEntries(
	view: FirstPageView,
	entries: Iterable<[string, string]>
): Record<string, unknown> {
	const byName = new Map<string, string[]>();
	for (const [name, value] of entries) {
		const list = byName.get(name) ?? [];
		list.push(value);
		byName.set(name, list);
	}
	const answers: Record<string, unknown> = {};
	view.elements.forEach((element, index) => {
		if (element.type === 'html') return;
		const raw = byName.get(controlName(index)) ?? [];
		const pick = (choices: FirstPageChoice[], value: string | undefined) =>
			value === undefined || value === '' ? undefined : choices[Number(value)]?.value;
		switch (element.type) {
			case 'radiogroup':
			case 'dropdown':
			case 'rating': {
				const value = pick(element.choices, raw[0]);
				if (value !== undefined) answers[element.name] = value;
				break;
			}
			case 'checkbox': {
				const picked = element.choices.filter((_, choice) => raw.includes(`${choice}`));
				// "None" excludes the other choices (SurveyJS unticks them).
				const none = element.noneIndex === null ? undefined : element.choices[element.noneIndex];
				const values = picked.map((choice) => choice.value);
				if (values.length)
					answers[element.name] = none && values.includes(none.value) ? [none.value] : values;
				break;
			}
			case 'boolean':
				if (raw[0] === 'true') answers[element.name] = true;
				else if (raw[0] === 'false') answers[element.name] = false;
				break;
			case 'text':
			case 'comment': {
				const text = raw[0] ?? '';
				if (text === '') break;
				if (element.type === 'text' && element.inputType === 'number') {
					const number = Number(text);
					if (Number.isFinite(number)) answers[element.name] = number;
				} else answers[element.name] = text;
				break;
			}
			case 'matrix': {
				const rows: Record<string, string | number> = {};
				element.rows.forEach((row, rowIndex) => {
					const value = pick(element.columns, byName.get(controlName(index, rowIndex))?.[0]);
					if (value !== undefined) rows[`${row.value}`] = value;
				});
				if (Object.keys(rows).length) answers[element.name] = rows;
				break;
			}
		}
	});
	return answers;
}

/**
 * SurveyJS's columns on a wide screen (getColumnsWithColumnItemFlow: filled top to bottom, the
 * first columns one longer), as lists of choice indexes.
 */
export function choiceColumns(count: number, colCount: number): number[][] {
	const columns: number[][] = [];
	let height = Math.floor(count / colCount) + (count % colCount ? 1 : 0);
	let left = count;
	let columnsLeft = colCount;
	let shift = 0;
	for (let column = 0; column < colCount; column++) {
		const items: number[] = [];
		for (let row = 0; row < height; row++) {
			if (left <= columnsLeft) height = 1;
			if (row + shift < count) {
				items.push(row + shift);
				left--;
			}
		}
		columns.push(items);
		columnsLeft--;
		shift += items.length;
	}
	return columns;
}
