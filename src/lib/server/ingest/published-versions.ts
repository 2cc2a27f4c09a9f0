/**
 * Published versions as the ingest path needs them: the version row and a validator with its
 * SurveyJS model built once. Versions are immutable, so they are cached without expiry (a
 * bounded number, least recently used first out).
 */
import { createResponseValidator, type ValidationResult } from '../../survey/validate-response.ts';
import type { ResponseStatus } from '../../survey/validate-response.ts';
import type { Queryable } from '../db/database.ts';
import * as surveyVersions from '../db/survey-versions.ts';

export interface PublishedVersion {
	id: number;
	version: number;
	publishedAt: Date;
	json: Record<string, unknown>;
	validate: (answers: unknown, status: ResponseStatus) => ValidationResult;
}

const limit = 200;
type VersionCache = Map<string, Promise<PublishedVersion | undefined>>;
/** Per database: ids are only unique within one (each test opens its own). */
const caches = new WeakMap<Queryable, VersionCache>();

function cacheOf(db: Queryable): VersionCache {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	return cache;
}

export function publishedVersion(
	db: Queryable,
	surveyId: number,
	version: number
): Promise<PublishedVersion | undefined> {
	const cache = cacheOf(db);
	const key = `${surveyId}/${version}`;
	let found = cache.get(key);
	if (found) {
		cache.delete(key);
		cache.set(key, found);
		return found;
	}
	found = surveyVersions.findByNumber(db, surveyId, version).then((row) =>
		row
			? {
					id: row.id,
					version: row.version,
					publishedAt: row.publishedAt,
					json: row.json,
					validate: createResponseValidator(row.json)
				}
			: undefined
	);
	cache.set(key, found);
	// A version that does not exist (yet) is not remembered: it may be published next.
	void found.then(
		(value) => value ?? cache.delete(key),
		() => cache.delete(key)
	);
	while (cache.size > limit) cache.delete(cache.keys().next().value!);
	return found;
}
