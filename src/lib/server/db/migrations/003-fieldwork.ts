/**
 * Fieldwork: collectors (public link, invitations, interviewers) with open/close dates and caps,
 * invitation tokens (only their SHA-256 stored; an invitation's status is that of its response,
 * whose id is fixed when the invitation is made), quotas, interviewer assignments, and the
 * per-response fieldwork columns (collector, interviewer, resume token hash, device hash, quality
 * flags, analyst exclusion). Columns added to existing tables carry defaults, not constraints
 * (DuckDB cannot add a column with a constraint).
 */
export const name = 'fieldwork';

export const statements = [
	`CREATE SEQUENCE collector_ids START 1`,
	`CREATE TABLE collectors (
		id INTEGER PRIMARY KEY DEFAULT nextval('collector_ids'),
		survey_id INTEGER NOT NULL,
		kind VARCHAR NOT NULL CHECK (kind IN ('public', 'invitation', 'interviewer')),
		name VARCHAR NOT NULL,
		opens_at TIMESTAMPTZ,
		closes_at TIMESTAMPTZ,
		response_cap INTEGER,
		closed_message VARCHAR,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE SEQUENCE invitation_ids START 1`,
	`CREATE TABLE invitations (
		id INTEGER PRIMARY KEY DEFAULT nextval('invitation_ids'),
		collector_id INTEGER NOT NULL,
		survey_id INTEGER NOT NULL,
		token_hash VARCHAR NOT NULL UNIQUE,
		invitee VARCHAR NOT NULL,
		details JSON,
		response_id UUID NOT NULL,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
		updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE SEQUENCE quota_ids START 1`,
	`CREATE TABLE quotas (
		id INTEGER PRIMARY KEY DEFAULT nextval('quota_ids'),
		survey_id INTEGER NOT NULL,
		name VARCHAR NOT NULL,
		definition JSON NOT NULL,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`CREATE SEQUENCE assignment_ids START 1`,
	`CREATE TABLE assignments (
		id INTEGER PRIMARY KEY DEFAULT nextval('assignment_ids'),
		survey_id INTEGER NOT NULL,
		user_id INTEGER NOT NULL,
		label VARCHAR NOT NULL,
		target INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`,
	`ALTER TABLE responses ADD COLUMN collector_id INTEGER`,
	`ALTER TABLE responses ADD COLUMN interviewer_id INTEGER`,
	`ALTER TABLE responses ADD COLUMN resume_token_hash VARCHAR`,
	`ALTER TABLE responses ADD COLUMN device_hash VARCHAR`,
	`ALTER TABLE responses ADD COLUMN quality_flags JSON`,
	`ALTER TABLE responses ADD COLUMN excluded BOOLEAN DEFAULT false`,
	`ALTER TABLE responses ADD COLUMN received_at TIMESTAMPTZ`
];
