/**
 * Quota admission: before a submission is written, decide whether its cell still has room.
 *
 * Counts are read from the database once per survey and then kept in memory, together with the
 * places held by completes that are being written. Each decision runs without yielding between
 * reading the counts and holding a place, so concurrent submissions in this process cannot both
 * take the last place. The embedded store is one process by design; several processes would need
 * the counts in the database under a row lock.
 *
 * Places being held survive `invalidate`: a reload leaves their responses out of the database
 * count and accounts for them from their outcome, so a complete written while quotas are
 * reloaded is counted exactly once.
 */
import { cellKey, cellOf, type Quota } from '../../fieldwork/quotas.ts';
import type { Queryable } from '../db/database.ts';
import * as quotasTable from '../db/quotas.ts';
import type { CompletesByAnswers } from '../db/quotas.ts';

export type QuotaAdmission =
	{ ok: true; release(committed: boolean): void } | { ok: false; quota: string; cell: string };

export interface QuotaGate {
	/**
	 * For a submission about to be written. A complete in a full cell, or a partial whose quota
	 * variables are all answered and whose cell is full, is refused (the respondent sees the
	 * over-quota page). A complete in an open cell reserves a place until release(committed) —
	 * committed=true turns it into a counted complete, false frees it. Partials never reserve.
	 */
	admit(
		surveyId: number,
		responseId: string,
		answers: Record<string, unknown>,
		status: 'partial' | 'complete'
	): Promise<QuotaAdmission>;
	/** Forget cached quotas and counts of a survey (after quotas are edited). */
	invalidate(surveyId: number): void;
}

/** One cell of one quota that a respondent falls in. */
interface Place {
	quota: Quota;
	cell: string;
	/** The quota's id and the cell's key, naming the place in the tally's maps. */
	key: string;
}

/** A survey's quotas with the completes counted and the places held in each cell. */
interface Tally {
	quotas: Quota[];
	targets: Map<string, number>;
	counted: Map<string, number>;
	reserved: Map<string, number>;
	/** Completes already counted (or excluded by an analyst): a retry of one is not counted again. */
	completeIds: Set<string>;
}

/** A complete being written. Duplicate submissions of the same id share one reservation. */
interface Reservation {
	responseId: string;
	answers: Record<string, unknown>;
	holders: number;
	outcome: 'pending' | 'committed' | 'abandoned';
}

interface TallyLoad {
	loading: Promise<Tally>;
	/** Set, without yielding, when the load finishes; the tally decisions are made against. */
	current?: Tally;
}

interface SurveyLedger {
	tally: TallyLoad | null;
	reservations: Map<string, Reservation>;
}

const placeKey = (quotaId: number, cell: string) => `${quotaId} ${cell}`;

function bump(counts: Map<string, number>, key: string, by: number) {
	counts.set(key, (counts.get(key) ?? 0) + by);
}

function placesOf(tally: Tally, answers: Record<string, unknown>): Place[] {
	const places: Place[] = [];
	for (const quota of tally.quotas) {
		const cell = cellOf(quota, answers);
		if (cell !== null) places.push({ quota, cell, key: placeKey(quota.id, cell) });
	}
	return places;
}

function isFull(tally: Tally, place: Place): boolean {
	const taken = (tally.counted.get(place.key) ?? 0) + (tally.reserved.get(place.key) ?? 0);
	return taken >= (tally.targets.get(place.key) ?? 0);
}

function buildTally(quotas: Quota[], groups: CompletesByAnswers[], inFlight: Reservation[]): Tally {
	const tally: Tally = {
		quotas,
		targets: new Map(),
		counted: new Map(),
		reserved: new Map(),
		completeIds: new Set()
	};
	for (const quota of quotas) {
		for (const cell of quota.definition.cells) {
			tally.targets.set(placeKey(quota.id, cellKey(cell.values)), cell.target);
		}
	}
	for (const group of groups) {
		const places = placesOf(tally, group.answers);
		for (const place of places) bump(tally.counted, place.key, group.counted);
		if (places.length > 0) for (const id of group.ids) tally.completeIds.add(id);
	}
	// The database count left these out; their outcome so far says where they belong.
	for (const reservation of inFlight) {
		if (reservation.outcome === 'abandoned') continue;
		const counts = reservation.outcome === 'committed' ? tally.counted : tally.reserved;
		for (const place of placesOf(tally, reservation.answers)) bump(counts, place.key, 1);
		if (reservation.outcome === 'committed') tally.completeIds.add(reservation.responseId);
	}
	return tally;
}

const admittedWithoutPlace: QuotaAdmission = { ok: true, release: () => undefined };

export function createQuotaGate(db: Queryable): QuotaGate {
	const ledgers = new Map<number, SurveyLedger>();

	function ledgerOf(surveyId: number): SurveyLedger {
		let ledger = ledgers.get(surveyId);
		if (!ledger) {
			ledger = { tally: null, reservations: new Map() };
			ledgers.set(surveyId, ledger);
		}
		return ledger;
	}

	async function readCounts(surveyId: number, inFlight: Reservation[]) {
		const quotas = await quotasTable.listBySurvey(db, surveyId);
		const variables = [...new Set(quotas.flatMap((quota) => quota.definition.variables))];
		const groups = variables.length
			? await quotasTable.completesByAnswers(db, surveyId, variables, {
					skipIds: inFlight.map((reservation) => reservation.responseId),
					includeIds: true
				})
			: [];
		return { quotas, groups };
	}

	function tallyOf(surveyId: number, ledger: SurveyLedger): Promise<Tally> {
		if (ledger.tally) return ledger.tally.loading;
		const inFlight = [...ledger.reservations.values()];
		const load: TallyLoad = {
			// Building the tally and making it current happen in one step, so that no release
			// lands between reading the reservations' outcomes and the tally taking over.
			loading: readCounts(surveyId, inFlight).then(({ quotas, groups }) => {
				const tally = buildTally(quotas, groups, inFlight);
				if (ledger.tally === load) load.current = tally;
				return tally;
			})
		};
		load.loading.catch(() => {
			if (ledger.tally === load) ledger.tally = null;
		});
		ledger.tally = load;
		return load.loading;
	}

	/** Records how a reservation ended in the current tally (a tally loaded later reads `outcome`). */
	function settle(
		ledger: SurveyLedger,
		reservation: Reservation,
		outcome: 'committed' | 'abandoned'
	) {
		reservation.outcome = outcome;
		const tally = ledger.tally?.current;
		if (!tally) return;
		for (const place of placesOf(tally, reservation.answers)) {
			bump(tally.reserved, place.key, -1);
			if (outcome === 'committed') bump(tally.counted, place.key, 1);
		}
		if (outcome === 'committed') tally.completeIds.add(reservation.responseId);
	}

	function holding(ledger: SurveyLedger, reservation: Reservation): QuotaAdmission {
		let released = false;
		return {
			ok: true,
			release(committed) {
				if (released) return;
				released = true;
				reservation.holders -= 1;
				if (committed && reservation.outcome === 'pending')
					settle(ledger, reservation, 'committed');
				if (reservation.holders > 0) return;
				if (reservation.outcome === 'pending') settle(ledger, reservation, 'abandoned');
				if (ledger.reservations.get(reservation.responseId) === reservation) {
					ledger.reservations.delete(reservation.responseId);
				}
			}
		};
	}

	/** Synchronous on purpose: reading the counts and holding a place must not be interleaved. */
	function decide(
		ledger: SurveyLedger,
		tally: Tally,
		responseId: string,
		answers: Record<string, unknown>,
		status: 'partial' | 'complete'
	): QuotaAdmission {
		if (tally.completeIds.has(responseId)) return admittedWithoutPlace;
		const existing = ledger.reservations.get(responseId);
		if (existing) {
			if (status === 'partial') return admittedWithoutPlace;
			existing.holders += 1;
			return holding(ledger, existing);
		}
		const places = placesOf(tally, answers);
		const full = places.find((place) => isFull(tally, place));
		if (full) return { ok: false, quota: full.quota.name, cell: full.cell };
		if (status === 'partial' || places.length === 0) return admittedWithoutPlace;
		const reservation: Reservation = { responseId, answers, holders: 1, outcome: 'pending' };
		ledger.reservations.set(responseId, reservation);
		for (const place of places) bump(tally.reserved, place.key, 1);
		return holding(ledger, reservation);
	}

	return {
		async admit(surveyId, responseId, answers, status) {
			const ledger = ledgerOf(surveyId);
			// As the database prints a UUID: a retry in capitals is the same response.
			const id = responseId.toLowerCase();
			for (;;) {
				const tally = await tallyOf(surveyId, ledger);
				// Quotas edited while this call waited: decide against the reloaded tally instead.
				if (ledger.tally?.current === tally) {
					return decide(ledger, tally, id, answers, status);
				}
			}
		},
		invalidate(surveyId) {
			const ledger = ledgers.get(surveyId);
			if (ledger) ledger.tally = null;
		}
	};
}

const gates = new WeakMap<Queryable, QuotaGate>();

/**
 * The gate of a database: one per process and database, shared by the ingest path (which admits)
 * and the quota pages (which invalidate after edits).
 */
export function quotaGateFor(db: Queryable): QuotaGate {
	let gate = gates.get(db);
	if (!gate) gates.set(db, (gate = createQuotaGate(db)));
	return gate;
}
