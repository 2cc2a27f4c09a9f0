/**
 * The analyst workspace: named weighting schemes (targets as rows, options), derived variables
 * (rule-based and k-means segments, recodes) whose definitions the engine turns into SQL, saved
 * reports (a JSON spec the web app and the CLI render alike), and read-only share links (only the
 * token's SHA-256 stored; every access logged).
 */
export const name = 'analysis';

export const statements = [
	`CREATE SEQUENCE weighting_scheme_ids START 1`,
	`CREATE TABLE weighting_schemes (
		id INTEGER PRIMARY KEY DEFAULT nextval('weighting_scheme_ids'),
		project_id INTEGER NOT NULL,
		name VARCHAR NOT NULL,
		definition JSON NOT NULL,
		created_by INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		UNIQUE (project_id, name)
	)`,
	`CREATE SEQUENCE derived_variable_ids START 1`,
	`CREATE TABLE derived_variables (
		id INTEGER PRIMARY KEY DEFAULT nextval('derived_variable_ids'),
		survey_id INTEGER NOT NULL,
		name VARCHAR NOT NULL,
		label VARCHAR NOT NULL,
		kind VARCHAR NOT NULL CHECK (kind IN ('rules', 'kmeans')),
		definition JSON NOT NULL,
		created_by INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		UNIQUE (survey_id, name)
	)`,
	`CREATE SEQUENCE report_ids START 1`,
	`CREATE TABLE reports (
		id INTEGER PRIMARY KEY DEFAULT nextval('report_ids'),
		project_id INTEGER NOT NULL,
		name VARCHAR NOT NULL,
		spec JSON NOT NULL,
		created_by INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE SEQUENCE share_link_ids START 1`,
	`CREATE TABLE share_links (
		id INTEGER PRIMARY KEY DEFAULT nextval('share_link_ids'),
		report_id INTEGER NOT NULL,
		token_hash VARCHAR NOT NULL UNIQUE,
		expires_at TIMESTAMPTZ NOT NULL,
		revoked_at TIMESTAMPTZ,
		created_by INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE TABLE share_link_accesses (
		share_link_id INTEGER NOT NULL,
		accessed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		visitor_hash VARCHAR
	)`
];
