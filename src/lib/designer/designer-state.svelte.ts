/**
 * The designer's state: the questionnaire (replaced, never mutated, by each edit, so history can
 * keep old versions as they are), the selection, the language being edited, undo/redo, and the
 * autosave that sends each change with the revision it was based on.
 */
import { find, normaliseDoc, type QuestionnaireDoc } from './document.ts';
import { createHistory } from './history.ts';
import { defaultLanguageOf } from './localized.ts';

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'conflict' | 'refused' | 'offline';

export interface SaveProblem {
	field: string;
	message: string;
}

const autosaveDelayMs = 700;

export class DesignerState {
	doc: QuestionnaireDoc = $state.raw({ pages: [] });
	selected: string | null = $state(null);
	language = $state('en');
	revision = $state(0);
	status: SaveStatus = $state('saved');
	message = $state('');
	problems: SaveProblem[] = $state([]);
	/** Bumped on every history change so that canUndo/canRedo are read reactively. */
	private tick = $state(0);
	private history = createHistory<QuestionnaireDoc>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private saving: Promise<void> | null = null;

	constructor(
		json: Record<string, unknown>,
		revision: number,
		private readonly draftUrl: string,
		readonly editable: boolean
	) {
		this.doc = normaliseDoc(json);
		this.revision = revision;
		this.language = defaultLanguageOf(this.doc);
	}

	get defaultLanguage(): string {
		return defaultLanguageOf(this.doc);
	}

	/** The questionnaire's languages: the declared list, else the default language alone. */
	get languages(): string[] {
		const declared = Array.isArray(this.doc.languages) ? (this.doc.languages as string[]) : [];
		const all = [this.defaultLanguage, ...declared.filter((l) => l !== this.defaultLanguage)];
		return all.filter((language, index) => all.indexOf(language) === index);
	}

	get canUndo(): boolean {
		void this.tick;
		return this.history.canUndo;
	}

	get canRedo(): boolean {
		void this.tick;
		return this.history.canRedo;
	}

	get selectedElement(): Record<string, unknown> | undefined {
		return this.selected ? this.elementOf(this.selected) : undefined;
	}

	elementOf(name: string): Record<string, unknown> | undefined {
		return find(this.doc, name)?.element;
	}

	/**
	 * Applies an edit to a copy of the questionnaire. `mergeKey` makes quick successive edits of
	 * one field a single undo step. Returns what the edit returned.
	 */
	edit<T>(change: (doc: QuestionnaireDoc) => T, mergeKey?: string): T | undefined {
		if (!this.editable) return undefined;
		const next = structuredClone(this.doc);
		const result = change(next);
		if ((result as unknown) === false) return result;
		this.history.record(this.doc, mergeKey);
		this.doc = next;
		this.tick++;
		this.scheduleSave();
		return result;
	}

	/** Applies an edit to one element found by name. */
	editElement(name: string, change: (element: Record<string, unknown>) => void, mergeKey?: string) {
		this.edit((doc) => {
			const at = find(doc, name);
			if (!at) return false;
			change(at.element);
			return true;
		}, mergeKey);
	}

	undo() {
		const previous = this.history.undo(this.doc);
		if (!previous) return;
		this.doc = previous;
		this.tick++;
		if (this.selected && !find(this.doc, this.selected)) this.selected = null;
		this.scheduleSave();
	}

	redo() {
		const next = this.history.redo(this.doc);
		if (!next) return;
		this.doc = next;
		this.tick++;
		this.scheduleSave();
	}

	/** Replaces the whole questionnaire (an import), as one undoable edit. */
	replace(json: Record<string, unknown>) {
		this.edit((doc) => {
			for (const key of Object.keys(doc)) delete (doc as Record<string, unknown>)[key];
			Object.assign(doc, normaliseDoc(json));
		});
		this.selected = null;
	}

	/** Takes a questionnaire the server already stored (an import there), as one undoable edit. */
	adopt(json: Record<string, unknown>, revision: number) {
		this.history.record(this.doc);
		this.doc = normaliseDoc(json);
		this.revision = revision;
		this.status = 'saved';
		this.tick++;
		if (this.selected && !find(this.doc, this.selected)) this.selected = null;
	}

	private scheduleSave() {
		if (this.status === 'conflict') return;
		this.status = 'pending';
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.save(), autosaveDelayMs);
	}

	/** Saves now (waiting for a save in flight first); resolves when the draft is stored or refused. */
	async flush(): Promise<void> {
		clearTimeout(this.timer);
		if (this.saving) await this.saving;
		if (this.status === 'pending') await this.save();
	}

	private async save(): Promise<void> {
		if (this.saving) {
			await this.saving;
			if ((this.status as SaveStatus) !== 'pending') return;
		}
		const doc = this.doc;
		this.status = 'saving';
		this.saving = (async () => {
			try {
				const response = await fetch(this.draftUrl, {
					method: 'PUT',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ revision: this.revision, json: doc })
				});
				const body = (await response.json().catch(() => ({}))) as {
					revision?: number;
					message?: string;
					problems?: SaveProblem[];
				};
				if (response.ok) {
					this.revision = body.revision ?? this.revision;
					this.problems = [];
					this.message = '';
					this.status = this.doc === doc ? 'saved' : 'pending';
				} else if (response.status === 409) {
					this.status = 'conflict';
					this.message = body.message ?? 'The draft was changed by someone else.';
				} else {
					this.status = 'refused';
					this.message = body.message ?? `The server refused the draft (${response.status}).`;
					this.problems = body.problems ?? [];
				}
			} catch {
				this.status = 'offline';
				this.message =
					'Could not reach the server; the change is kept here and sent with the next edit.';
			}
		})();
		await this.saving;
		this.saving = null;
		// The status may have moved on while the request was out (an edit made it pending again).
		if ((this.status as SaveStatus) === 'pending') this.scheduleSave();
	}

	/** After a conflict: take the stored draft (this window's unsaved edits are dropped). */
	async reload(): Promise<void> {
		const response = await fetch(this.draftUrl);
		if (!response.ok) return;
		const body = (await response.json()) as { revision: number; json: Record<string, unknown> };
		this.doc = normaliseDoc(body.json);
		this.revision = body.revision;
		this.status = 'saved';
		this.message = '';
		this.history = createHistory<QuestionnaireDoc>();
		this.tick++;
		if (this.selected && !find(this.doc, this.selected)) this.selected = null;
	}
}
