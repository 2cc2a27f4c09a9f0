/**
 * Drafts get a revision number, bumped by every save: two editors of one draft send the revision
 * they started from, and a save from a stale revision is refused instead of overwriting.
 * (DuckDB cannot add a column with a NOT NULL constraint; the default fills existing rows.)
 */
export const name = 'draft revision';

export const statements = [`ALTER TABLE surveys ADD COLUMN draft_revision INTEGER DEFAULT 1`];
