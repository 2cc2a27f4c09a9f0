/**
 * A collector's cap of complete responses, held exactly under concurrent submissions, the way the
 * quota gate holds quota cells (./quota-gate.ts): the count of eligible completes this wave is
 * read from the database once per collector and then kept in memory with the completes being
 * written, each of which holds a place until its write is done. Deciding and holding happen
 * without yielding in between, so two submissions in this process cannot both take the last
 * place. One process, as the embedded deployment is.
 *
 * A collector is full once its completes (and those being written) reach the cap: from then on
 * it refuses every submission, partial saves too, except a repeat of a complete it counted.
 */
import type { Queryable } from '../db/database.ts';
import * as collectors from '../db/collectors.ts';

export type CapAdmission = { ok: true; release(counted: boolean): void } | { ok: false };

interface CappedCollector {
	id: number;
	surveyId: number;
	responseCap: number | null;
}

interface Ledger {
	/** Eligible completes of this wave, as read and then as written here. */
	counted: number;
	/** Completes being written, by response id. */
	holding: Set<string>;
	/** Completes this process counted: a repeat of one is let through (it writes nothing). */
	countedIds: Set<string>;
}

const admitted: CapAdmission = { ok: true, release: () => undefined };

export interface CapGate {
	admit(
		collector: CappedCollector | null,
		responseId: string,
		status: 'partial' | 'complete'
	): Promise<CapAdmission>;
	/** Forget the counts of a survey's collectors (new settings, a new wave). */
	forgetSurvey(surveyId: number): void;
}

export function createCapGate(db: Queryable): CapGate {
	const ledgers = new Map<number, { surveyId: number; ledger: Promise<Ledger> }>();

	function ledgerOf(collector: CappedCollector): Promise<Ledger> {
		const known = ledgers.get(collector.id);
		if (known) return known.ledger;
		const entry = {
			surveyId: collector.surveyId,
			ledger: collectors.completes(db, collector.id).then((counted) => ({
				counted,
				holding: new Set<string>(),
				countedIds: new Set<string>()
			}))
		};
		ledgers.set(collector.id, entry);
		// A failed read is not remembered: the next submission reads again.
		entry.ledger.catch(() => {
			if (ledgers.get(collector.id) === entry) ledgers.delete(collector.id);
		});
		return entry.ledger;
	}

	return {
		async admit(collector, responseId, status) {
			if (!collector || collector.responseCap === null) return admitted;
			const cap = collector.responseCap;
			const ledger = await ledgerOf(collector);
			// From here to the end, no await: reading the count and holding a place are one step.
			const id = responseId.toLowerCase();
			if (ledger.countedIds.has(id) || ledger.holding.has(id)) return admitted;
			if (ledger.counted + ledger.holding.size >= cap) return { ok: false };
			if (status !== 'complete') return admitted;
			ledger.holding.add(id);
			return {
				ok: true,
				release(counted) {
					if (!ledger.holding.delete(id)) return;
					if (!counted) return;
					ledger.counted += 1;
					ledger.countedIds.add(id);
				}
			};
		},
		forgetSurvey(surveyId) {
			for (const [collectorId, entry] of ledgers)
				if (entry.surveyId === surveyId) ledgers.delete(collectorId);
		}
	};
}

const gates = new WeakMap<Queryable, CapGate>();

/** The gate of a database: one per process and database. */
export function capGateFor(db: Queryable): CapGate {
	let gate = gates.get(db);
	if (!gate) gates.set(db, (gate = createCapGate(db)));
	return gate;
}
