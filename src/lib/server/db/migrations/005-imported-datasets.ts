/**
 * Imported data files (.csv, .parquet, .sav) as analysis datasets of a project: each becomes a
 * table `imported_<id>` in the database, with its variable and value labels kept as JSON. The
 * import runs in the background; `status` says where it is.
 */
export const name = 'imported-datasets';

export const statements = [
	`CREATE SEQUENCE imported_dataset_ids START 1`,
	`CREATE TABLE imported_datasets (
		id INTEGER PRIMARY KEY DEFAULT nextval('imported_dataset_ids'),
		project_id INTEGER NOT NULL,
		name VARCHAR NOT NULL,
		file_name VARCHAR NOT NULL,
		status VARCHAR NOT NULL CHECK (status IN ('importing', 'ready', 'failed')),
		message VARCHAR,
		rows BIGINT,
		columns INTEGER,
		labels JSON,
		created_by INTEGER,
		created_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`
];
