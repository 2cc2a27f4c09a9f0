/**
 * The first schema. No FOREIGN KEY constraints: DuckDB refuses updates to indexed columns of a
 * row that another table references (see DuckDB's "foreign key limitations"), which would make a
 * changed e-mail address impossible. Referential integrity is kept by the data-access modules,
 * which write related rows in one transaction.
 */
export const name = 'initial schema';

export const statements = [
	`CREATE SEQUENCE user_ids START 1`,
	`CREATE TABLE users (
		id INTEGER PRIMARY KEY DEFAULT nextval('user_ids'),
		email VARCHAR NOT NULL UNIQUE,
		name VARCHAR NOT NULL,
		password_hash VARCHAR,
		is_admin BOOLEAN NOT NULL DEFAULT false,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE TABLE sessions (
		id VARCHAR PRIMARY KEY,
		user_id INTEGER NOT NULL,
		expires_at TIMESTAMPTZ NOT NULL,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE TABLE setup_tokens (
		token_hash VARCHAR PRIMARY KEY,
		purpose VARCHAR NOT NULL,
		expires_at TIMESTAMPTZ NOT NULL,
		used_at TIMESTAMPTZ
	)`,
	`CREATE SEQUENCE project_ids START 1`,
	`CREATE TABLE projects (
		id INTEGER PRIMARY KEY DEFAULT nextval('project_ids'),
		name VARCHAR NOT NULL,
		description VARCHAR NOT NULL DEFAULT '',
		created_by INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE TABLE project_members (
		project_id INTEGER NOT NULL,
		user_id INTEGER NOT NULL,
		role VARCHAR NOT NULL CHECK (role IN ('owner', 'researcher', 'analyst', 'interviewer', 'viewer')),
		added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		PRIMARY KEY (project_id, user_id)
	)`,
	`CREATE SEQUENCE survey_ids START 1`,
	`CREATE TABLE surveys (
		id INTEGER PRIMARY KEY DEFAULT nextval('survey_ids'),
		project_id INTEGER NOT NULL,
		slug VARCHAR NOT NULL UNIQUE,
		title VARCHAR NOT NULL,
		draft_json JSON NOT NULL,
		current_wave INTEGER NOT NULL DEFAULT 1,
		created_by INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE SEQUENCE survey_version_ids START 1`,
	`CREATE TABLE survey_versions (
		id INTEGER PRIMARY KEY DEFAULT nextval('survey_version_ids'),
		survey_id INTEGER NOT NULL,
		version INTEGER NOT NULL,
		json JSON NOT NULL,
		codebook JSON NOT NULL,
		published_by INTEGER,
		published_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		UNIQUE (survey_id, version)
	)`,
	// survey_id repeats what survey_version_id implies so that per-survey counts and the flattener
	// read one table; both are written together and never change.
	`CREATE TABLE responses (
		id UUID PRIMARY KEY,
		survey_id INTEGER NOT NULL,
		survey_version_id INTEGER NOT NULL,
		wave INTEGER NOT NULL,
		status VARCHAR NOT NULL CHECK (status IN ('partial', 'complete')),
		source VARCHAR NOT NULL CHECK (source IN ('web', 'interviewer', 'import', 'synthetic')),
		answers JSON NOT NULL,
		paradata JSON NOT NULL,
		started_at TIMESTAMPTZ,
		submitted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE SEQUENCE audit_ids START 1`,
	`CREATE TABLE audit_log (
		id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
		occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		user_id INTEGER,
		project_id INTEGER,
		action VARCHAR NOT NULL,
		object_type VARCHAR NOT NULL,
		object_id VARCHAR,
		details JSON NOT NULL
	)`
];
