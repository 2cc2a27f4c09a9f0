/**
 * A collector's cap of complete responses, held exactly under concurrent submissions, the way the
 * quota gate holds quota cells (./quota-gate.ts): the eligible completes of the current wave are
 * read from the database once per collector (their ids, so that a retry of one is recognised)
 * and then kept in memory with the completes being written, each of which holds a place until
 * its write is done. Deciding and holding happen without yielding in between, so two submissions
 * in this process cannot both take the last place.
 *
 * Held places outlive a reload of the counts (new settings, a new wave): a complete being written
 * while the counts are read again is counted once, whether the read saw it or not. One process,
 * as the embedded deployment is.
 *
 * A complete is refused once the counted completes and those being written reach the cap. A
 * partial save is refused only once the counted completes alone reach it: a complete being
 * written may yet not count (a screen-out, over quota, a failed write), and a respondent
 * mid-survey refused for it would have been refused for a collector that was not full. A repeat
 * of a complete it counts is always let through (it writes nothing).
 */
import type { Queryable } from '../db/database.ts';
import * as collectors from '../db/collectors.ts';

export type CapAdmission = { ok: true; release(counted: boolean): void } | { ok: false };

interface CappedCollector {
	id: number;
	surveyId: number;
	responseCap: number | null;
}

interface Entry {
	surveyId: number;
	/**
	 * Completes being written (lower-case ids), each holding one place, with how many submissions
	 * of it are in flight (a retry sent while the first is still being written shares its place).
	 */
	holding: Map<string, { submissions: number }>;
	/** The read of the counted completes in progress or done; null once forgotten. */
	load: Promise<Set<string>> | null;
	/** The counted completes (lower-case ids), set without yielding when the read finishes. */
	counted: Set<string> | null;
}

const admitted: CapAdmission = { ok: true, release: () => undefined };

export interface CapGate {
	admit(
		collector: CappedCollector | null,
		responseId: string,
		status: 'partial' | 'complete'
	): Promise<CapAdmission>;
	/** Read the counts of a survey's collectors again (new settings, a new wave). */
	forgetSurvey(surveyId: number): void;
}

export function createCapGate(db: Queryable): CapGate {
	const entries = new Map<number, Entry>();

	function entryOf(collector: CappedCollector): Entry {
		let entry = entries.get(collector.id);
		if (!entry) {
			entry = { surveyId: collector.surveyId, holding: new Map(), load: null, counted: null };
			entries.set(collector.id, entry);
		}
		return entry;
	}

	function countedOf(collectorId: number, entry: Entry): Promise<Set<string>> {
		if (entry.load) return entry.load;
		const load: Promise<Set<string>> = collectors.completedIds(db, collectorId).then((ids) => {
			const counted = new Set(ids);
			if (entry.load === load) entry.counted = counted;
			return counted;
		});
		load.catch(() => {
			if (entry.load === load) entry.load = null;
		});
		entry.load = load;
		return load;
	}

	/** Places taken: the counted completes and those being written that the count lacks. */
	function taken(entry: Entry, counted: Set<string>): number {
		let n = counted.size;
		for (const id of entry.holding.keys()) if (!counted.has(id)) n += 1;
		return n;
	}

	/**
	 * Holds the place of a complete being written, or joins the submission of the same id already
	 * holding it: whichever of them is written counts it, and the place is let go only when the
	 * last of them is done (the first may fail and its retry be the one written).
	 */
	function hold(entry: Entry, id: string): CapAdmission {
		let place = entry.holding.get(id);
		if (place) place.submissions += 1;
		else entry.holding.set(id, (place = { submissions: 1 }));
		const held = place;
		let released = false;
		return {
			ok: true,
			release(counted) {
				if (released) return;
				released = true;
				const done = () => {
					held.submissions -= 1;
					if (held.submissions === 0 && entry.holding.get(id) === held) entry.holding.delete(id);
				};
				if (!counted) return void done();
				// The write is durable now: a count read from here on sees it; one read before may
				// not, so it is added to whichever count is current or loading (a failed read is
				// read again by the next admission, and sees it).
				if (entry.counted) {
					entry.counted.add(id);
					done();
				} else if (entry.load) {
					void entry.load
						.then(
							(set) => set.add(id),
							() => undefined
						)
						.finally(done);
				} else done();
			}
		};
	}

	return {
		async admit(collector, responseId, status) {
			if (!collector || collector.responseCap === null) return admitted;
			const cap = collector.responseCap;
			const entry = entryOf(collector);
			const id = responseId.toLowerCase();
			for (;;) {
				const counted = await countedOf(collector.id, entry);
				// Forgotten while this call waited: decide against the count read again.
				if (entry.counted !== counted) continue;
				// From here to the end, no await: reading the count and holding a place are one step.
				if (counted.has(id)) return admitted;
				if (entry.holding.has(id)) return status === 'partial' ? admitted : hold(entry, id);
				if (status === 'partial') return counted.size >= cap ? { ok: false } : admitted;
				return taken(entry, counted) >= cap ? { ok: false } : hold(entry, id);
			}
		},
		forgetSurvey(surveyId) {
			for (const entry of entries.values()) {
				if (entry.surveyId !== surveyId) continue;
				entry.load = null;
				entry.counted = null;
			}
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
