-- The score event log and the sheet history are append-only: nothing may rewrite or remove them.
CREATE TRIGGER score_events_no_update BEFORE UPDATE ON score_events
BEGIN SELECT RAISE(ABORT, 'score_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER score_events_no_delete BEFORE DELETE ON score_events
BEGIN SELECT RAISE(ABORT, 'score_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER sheet_versions_no_update BEFORE UPDATE ON sheet_versions
BEGIN SELECT RAISE(ABORT, 'sheet_versions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER sheet_versions_no_delete BEFORE DELETE ON sheet_versions
BEGIN SELECT RAISE(ABORT, 'sheet_versions is append-only'); END;
