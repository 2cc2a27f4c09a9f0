/**
 * Ingest benchmark: autocannon against the built server on loopback. Respondents submit complete
 * responses (a fresh UUID each) to the public endpoint, which validates them against the published
 * version and acknowledges after the group commit. For 50, 200 and 500 concurrent respondents it
 * prints completed responses per second and p50/p99 latency (medians over the runs), for a
 * five-question pulse survey and for the demo awareness tracker (40 questions, skip logic), each
 * response sent once; and for the tracker saved as respondents go: half its answers as a partial
 * response, then the completion, which updates it (two saves per response; latency per save).
 * GET /healthz (SvelteKit's request handling and one `SELECT 1`) is the baseline in the same
 * invocation. The server is bin/server.js, as `npm start` runs it: submissions go through the
 * submission lane. At the end the database must hold every acknowledged response (checked id by
 * id), and every acknowledged completion as complete.
 *
 * autocannon runs in this process and shares the two cores with the server; its own garbage
 * collection pauses count as latency of every request in flight, so each line reports how long
 * the load generator was paused (median over the runs) and a figure it distorted shows. A 2-s
 * warm-up per survey comes first and is not reported: a run in the first seconds after start-up
 * measured p99 of 80–120 ms at 200 concurrent where the runs after it measured ~50 ms.
 *
 *   npm run bench:ingest [-- --seconds 5 --runs 3]
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildIfNeeded } from '../build-if-needed.js';
import { openDatabase } from '../../src/lib/server/db/database.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { sql } from '../../src/lib/server/db/sql.ts';
import { generateSyntheticResponses } from '../../src/lib/server/demo/synthetic-responses.ts';
import { createSurvey, publish } from '../../src/lib/server/surveys/survey-service.ts';
import { startServer } from '../../tests/integration/support/server.ts';

const argument = (name: string, fallback: number) => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = argument('seconds', 5);
const runs = argument('runs', 3);
const concurrencies = [50, 200, 500];

const pulse = {
	title: 'Pulse',
	pages: [
		{
			name: 'p1',
			elements: [
				{ type: 'radiogroup', name: 'aware', isRequired: true, choices: [1, 2, 98] },
				{ type: 'checkbox', name: 'sources', choices: [1, 2, 3, 4, 5] },
				{ type: 'rating', name: 'trust', rateMin: 1, rateMax: 5 },
				{ type: 'radiogroup', name: 'region', choices: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
				{ type: 'text', name: 'age', inputType: 'number', min: 18, max: 100 }
			]
		}
	]
};

async function seed(databasePath: string): Promise<{ slug: string; answers: () => unknown }[]> {
	const db = await openDatabase(databasePath);
	await migrate(db);
	const tracker = fs.readFileSync('surveys/awareness-tracker.json', 'utf8');
	const synthetic = generateSyntheticResponses({
		seed: 7,
		respondentsPerWave: [2000],
		firstWaveDate: '2026-01-01',
		monthsBetweenWaves: 3
	}).map((response) => response.answers);
	const surveys = [];
	for (const [text, answers] of [
		[JSON.stringify(pulse), () => ({ aware: 1, sources: [1, 3], trust: 4, region: 3, age: 41 })],
		[tracker, () => synthetic[Math.floor(Math.random() * synthetic.length)]]
	] as const) {
		const created = await createSurvey(db, { projectId: 1, userId: null, text });
		if (!created.ok) throw new Error(created.problems[0]!.message);
		const published = await publish(db, created.value, null);
		if (!published.ok) throw new Error(published.problems[0]!.message);
		surveys.push({ slug: created.value.slug, answers });
	}
	await db.close();
	return surveys;
}

interface Figures {
	rps: number;
	p50: number;
	p99: number;
	errors: number;
	/** Garbage-collection pauses of this process (the load generator) during the run, ms. */
	pausedMs: number;
}

let pausedMs = 0;
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) pausedMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/**
 * Acknowledged (2xx) saves, one CSV line each (id, whether it completed the response), written
 * into one growing buffer rather than kept as strings: ~700,000 of them would make the load
 * generator's garbage collector, whose pauses count as latency, work much harder. At the end
 * the database is checked against them id by id.
 */
class Acknowledgements {
	private buffer = Buffer.alloc(1 << 22);
	private length = 0;
	saves = 0;
	completions = 0;
	add(id: string, complete: boolean) {
		const line = `${id},${complete}\n`;
		if (this.length + line.length > this.buffer.length) {
			const grown = Buffer.alloc(this.buffer.length * 2);
			this.buffer.copy(grown, 0, 0, this.length);
			this.buffer = grown;
		}
		this.length += this.buffer.write(line, this.length, 'latin1');
		this.saves++;
		if (complete) this.completions++;
	}
	writeCsv(file: string) {
		fs.writeFileSync(file, this.buffer.subarray(0, this.length));
	}
}
const acknowledged = new Acknowledgements();

interface Survey {
	slug: string;
	answers: () => Record<string, unknown>;
}

function save(
	survey: Survey,
	status: 'partial' | 'complete',
	answers: (context: { id?: string }) => Record<string, unknown>,
	fresh: boolean
): autocannon.Request {
	return {
		method: 'POST',
		path: `/s/${survey.slug}/responses`,
		headers: { 'content-type': 'application/json' },
		setupRequest: (request, context: { id?: string }) => {
			if (fresh) context.id = crypto.randomUUID();
			const body = { id: context.id, version: 1, status, answers: answers(context) };
			return { ...request, body: JSON.stringify(body) };
		},
		onResponse: (code, _body, context: { id?: string }) => {
			if (code >= 200 && code <= 299) acknowledged.add(context.id!, status === 'complete');
		}
	};
}

/** Complete responses to the survey, each with a fresh id, sent at once. */
function submissions(survey: Survey): autocannon.Request[] {
	return [save(survey, 'complete', () => survey.answers(), true)];
}

/**
 * Responses saved as the respondent goes: the first half of the answers as a partial response,
 * then all of them as its completion — two saves each, the second an update.
 */
function pageByPage(survey: Survey): autocannon.Request[] {
	const firstHalf = (answers: Record<string, unknown>) =>
		Object.fromEntries(
			Object.entries(answers).slice(0, Math.ceil(Object.keys(answers).length / 2))
		);
	const answered = new WeakMap<object, Record<string, unknown>>();
	return [
		save(
			survey,
			'partial',
			(context) => {
				const answers = survey.answers();
				answered.set(context, answers);
				return firstHalf(answers);
			},
			true
		),
		save(survey, 'complete', (context) => answered.get(context)!, false)
	];
}

async function load(
	origin: string,
	connections: number,
	requests: autocannon.Request[],
	duration = seconds,
	savesPerResponse = 1
): Promise<Figures> {
	const pausedBefore = pausedMs;
	const result = await autocannon({
		url: origin,
		connections,
		duration,
		requests
	});
	return {
		rps: result['2xx'] / savesPerResponse / (result.duration || duration),
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.non2xx + result.errors + result.timeouts,
		pausedMs: pausedMs - pausedBefore
	};
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function summarise(all: Figures[]): Figures {
	return {
		rps: median(all.map((f) => f.rps)),
		p50: median(all.map((f) => f.p50)),
		p99: median(all.map((f) => f.p99)),
		errors: all.reduce((n, f) => n + f.errors, 0),
		pausedMs: median(all.map((f) => f.pausedMs))
	};
}

buildIfNeeded(process.cwd(), (line: string) => console.error(line));
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'barometer-bench-'));
const databasePath = path.join(folder, 'barometer.duckdb');
const surveys = await seed(databasePath);
// One machine sends everything: the per-address limit would stop the load, so it is off here.
const server = await startServer({ BAROMETER_SUBMISSIONS_PER_MINUTE: '0' }, { databasePath });
console.log(
	`ingest benchmark: ${os.cpus().length} cores, ${seconds} s per run, median of ${runs} runs\n`
);
console.log(
	'what\tconcurrent\tresponses/s\tp50 ms\tp99 ms\tratio to /healthz\terrors\tload generator GC ms'
);
try {
	// Not reported: the server's code is compiled and its caches filled, as in production.
	for (const survey of surveys) await load(server.origin, 50, submissions(survey), 2);
	const scenarios = [
		{ name: 'pulse (5 questions)', requests: () => submissions(surveys[0]!), saves: 1 },
		{ name: 'awareness tracker', requests: () => submissions(surveys[1]!), saves: 1 },
		{
			name: 'tracker, saved page by page (2 saves each)',
			requests: () => pageByPage(surveys[1]!),
			saves: 2
		}
	];
	for (const connections of concurrencies) {
		const baseline: Figures[] = [];
		for (let run = 0; run < runs; run++)
			baseline.push(await load(server.origin, connections, [{ method: 'GET', path: '/healthz' }]));
		const base = summarise(baseline);
		console.log(
			`GET /healthz\t${connections}\t${base.rps.toFixed(0)}\t${base.p50}\t${base.p99}\t1.00\t${base.errors}\t${base.pausedMs.toFixed(0)}`
		);
		for (const scenario of scenarios) {
			const figures: Figures[] = [];
			for (let run = 0; run < runs; run++)
				figures.push(
					await load(server.origin, connections, scenario.requests(), seconds, scenario.saves)
				);
			const f = summarise(figures);
			console.log(
				`${scenario.name}\t${connections}\t${f.rps.toFixed(0)}\t${f.p50}\t${f.p99}\t${(f.rps / base.rps).toFixed(2)}\t${f.errors}\t${f.pausedMs.toFixed(0)}`
			);
		}
	}
} finally {
	await server.halt();
}
// Saves still in flight when a run ends are stored without their answer being counted, so the
// database may hold responses that were never acknowledged; every acknowledged one must be there.
const acknowledgedCsv = path.join(folder, 'acknowledged.csv');
acknowledged.writeCsv(acknowledgedCsv);
const db = await openDatabase(databasePath);
const check = await db.one<{
	responses: number;
	lost: number;
	notComplete: number;
	stored: number;
}>(
	sql(
		`WITH acknowledged AS (
			SELECT id, bool_or(complete) AS complete
			FROM read_csv(?, header = false, columns = {'id': 'UUID', 'complete': 'BOOLEAN'})
			GROUP BY id)
		SELECT count(*)::INTEGER AS responses,
			count(*) FILTER (WHERE r.id IS NULL)::INTEGER AS lost,
			count(*) FILTER (WHERE a.complete AND r.status IS DISTINCT FROM 'complete')::INTEGER
				AS "notComplete",
			(SELECT count(*) FROM responses)::INTEGER AS stored
		FROM acknowledged a LEFT JOIN responses r USING (id)`,
		acknowledgedCsv
	)
);
await db.close();
fs.rmSync(folder, { recursive: true, force: true });
const sound = check!.lost === 0 && check!.notComplete === 0;
console.log(
	`\nacknowledged ${acknowledged.saves} saves of ${check!.responses} responses (${
		acknowledged.completions
	} completions); the database holds ${check!.stored}: ${
		sound
			? 'every acknowledged response is stored, every acknowledged completion complete'
			: `MISMATCH: ${check!.lost} acknowledged responses missing, ${check!.notComplete} acknowledged completions not complete`
	}`
);
if (!sound) process.exit(1);
