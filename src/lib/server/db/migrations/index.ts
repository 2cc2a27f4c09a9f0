/** Numbered migrations, applied in order at start; a new one is appended, never edited. */
import * as initial from './001-initial.ts';
import * as draftRevision from './002-draft-revision.ts';
import * as fieldwork from './003-fieldwork.ts';
import * as analysis from './004-analysis.ts';
import * as importedDatasets from './005-imported-datasets.ts';
import * as dispositions from './006-dispositions.ts';

export interface Migration {
	version: number;
	name: string;
	statements: string[];
}

export const migrations: Migration[] = [
	{ version: 1, ...initial },
	{ version: 2, ...draftRevision },
	{ version: 3, ...fieldwork },
	{ version: 4, ...analysis },
	{ version: 5, ...importedDatasets },
	{ version: 6, ...dispositions }
];
