/**
 * Translation tables as files: the draft's texts exported for translators (CSV or XLSX), and a
 * translated file applied back to the draft — saved with the same checks and revision guard as
 * any designer edit, so an import never overwrites someone else's newer draft.
 */
import {
	applyTranslations,
	questionnaireLanguages,
	translationRows,
	translationsFromCsv,
	translationsToCsv
} from '../../designer/translations.ts';
import { translationsFromXlsx, translationsToXlsx } from '../../designer/translations-xlsx.ts';
import type { Database } from '../db/index.ts';
import * as surveys from '../db/surveys.ts';
import type { Survey } from '../db/surveys.ts';
import { saveDraft } from './survey-service.ts';

/** Languages to export: those the questionnaire declares, plus any it already has texts in. */
function languagesOf(json: Record<string, unknown>): string[] {
	const declared = Array.isArray(json.languages) ? (json.languages as string[]) : [];
	return [...new Set([...questionnaireLanguages(json), ...declared])];
}

export function exportTranslations(
	json: Record<string, unknown>,
	format: 'csv' | 'xlsx'
): { body: BodyInit; contentType: string } {
	const languages = languagesOf(json);
	const rows = translationRows(json, languages);
	return format === 'csv'
		? { body: translationsToCsv(rows, languages), contentType: 'text/csv; charset=utf-8' }
		: {
				body: new Blob([translationsToXlsx(rows, languages) as Uint8Array<ArrayBuffer>]),
				contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
			};
}

export async function importTranslations(
	db: Database,
	survey: Survey,
	upload: { name: string; bytes: Uint8Array },
	revision: number
): Promise<{ status: number; body: Record<string, unknown> }> {
	let table: ReturnType<typeof translationsFromCsv>;
	try {
		table = upload.name.toLowerCase().endsWith('.xlsx')
			? translationsFromXlsx(upload.bytes)
			: translationsFromCsv(new TextDecoder().decode(upload.bytes));
	} catch (error) {
		return { status: 422, body: { message: (error as Error).message } };
	}
	const draft = await surveys.draft(db, survey.id);
	if (!draft) return { status: 404, body: { message: 'Questionnaire not found.' } };
	if (draft.revision !== revision) {
		return {
			status: 409,
			body: {
				message: 'The draft changed since you opened it; reload before importing.',
				revision: draft.revision
			}
		};
	}
	const current = JSON.parse(draft.json) as Record<string, unknown>;
	const { json, unknownKeys } = applyTranslations(current, table.rows, table.languages);
	const declared = languagesOf(current);
	const added = table.languages.filter((language) => !declared.includes(language));
	if (added.length) json.languages = [...declared, ...added];
	const saved = await saveDraft(db, survey, JSON.stringify(json), revision);
	if (saved.ok) {
		const applied = table.rows.length - unknownKeys.length;
		return { status: 200, body: { revision: saved.value.revision, json, applied, unknownKeys } };
	}
	if (saved.conflict) {
		return {
			status: 409,
			body: {
				message: 'The draft changed meanwhile; reload and import again.',
				revision: saved.revision
			}
		};
	}
	return { status: 422, body: { message: saved.problems[0]!.message, problems: saved.problems } };
}
