/**
 * Writes the demo project's SYNTHETIC responses as a flat CSV (one column per codebook variable,
 * plus wave), for trying the CLI: `npx tsx scripts/demo-data.ts [out.csv]`.
 * Same seed and sizes as the demo project loaded on first start.
 */
import fs from 'node:fs';
import { csvLine } from '../src/lib/csv.ts';
import { generateSyntheticResponses } from '../src/lib/server/demo/synthetic-responses.ts';
import {
	demoQuestionnairePath,
	demoRespondentsPerWave,
	demoSeed
} from '../src/lib/server/setup/demo-project.ts';
import { deriveCodebook } from '../src/lib/survey/codebook.ts';
import { flattenAnswers } from '../src/lib/survey/flatten.ts';
import { loadQuestionnaire } from '../src/lib/survey/questionnaire.ts';

const out = process.argv[2] ?? 'datasets/demo/awareness-tracker-synthetic.csv';
const loaded = loadQuestionnaire(JSON.parse(fs.readFileSync(demoQuestionnairePath, 'utf8')));
if (!loaded.ok) throw new Error(loaded.problems[0]!.message);
const codebook = deriveCodebook(loaded.model);
const responses = generateSyntheticResponses({
	seed: demoSeed,
	respondentsPerWave: demoRespondentsPerWave,
	firstWaveDate: '2026-01-15',
	monthsBetweenWaves: 3
});
const names = codebook.variables.map((variable) => variable.name);
let csv = csvLine(['id', 'wave', ...names]);
for (const response of responses) {
	const flat = flattenAnswers(codebook, response.answers);
	csv += csvLine([response.id, response.wave, ...names.map((name) => flat[name])]);
}
fs.mkdirSync(new URL('.', `file://${process.cwd()}/${out}`).pathname, { recursive: true });
fs.writeFileSync(out, csv);
console.log(`Wrote ${responses.length} synthetic responses × ${names.length} variables to ${out}.`);
