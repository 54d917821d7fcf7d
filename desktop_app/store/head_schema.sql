-- Critical Friend: an empty database at revision 0008, generated from the Alembic migrations by `make schema-sql`. Do not edit.
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0008');
CREATE TABLE answer (
	record_id INTEGER NOT NULL, 
	question_id VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	carried_over BOOLEAN NOT NULL, 
	updated_at DATETIME NOT NULL, 
	updated_by VARCHAR NOT NULL, 
	PRIMARY KEY (record_id, question_id), 
	FOREIGN KEY(record_id) REFERENCES record (id)
);
CREATE TABLE answer_change (
	id INTEGER NOT NULL, 
	record_id INTEGER NOT NULL, 
	question_id VARCHAR NOT NULL, 
	old_value VARCHAR, 
	new_value VARCHAR, 
	changed_at DATETIME NOT NULL, 
	changed_by VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(record_id) REFERENCES record (id)
);
CREATE TABLE assessment (
	id INTEGER NOT NULL, 
	organisation_id INTEGER NOT NULL, 
	period VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	record_id INTEGER NOT NULL, 
	carried_from_id INTEGER, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(carried_from_id) REFERENCES assessment (id), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id), 
	FOREIGN KEY(record_id) REFERENCES record (id)
);
CREATE TABLE assessment_snapshot (
	id INTEGER NOT NULL, 
	assessment_id INTEGER NOT NULL, 
	definition_id INTEGER NOT NULL, 
	answers VARCHAR NOT NULL, 
	sha256 VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(assessment_id) REFERENCES assessment (id), 
	FOREIGN KEY(definition_id) REFERENCES form_definition (id)
);
CREATE TABLE attachment (
	sha256 VARCHAR NOT NULL, 
	size INTEGER NOT NULL, 
	mime VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (sha256)
);
CREATE TABLE "audit" (
	id INTEGER NOT NULL, 
	visit_id INTEGER NOT NULL, 
	visit_case_id INTEGER, 
	case_reference VARCHAR NOT NULL, 
	record_id INTEGER NOT NULL, 
	auditor VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	escalated BOOLEAN NOT NULL, 
	audited_on DATE, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	uuid VARCHAR DEFAULT '' NOT NULL, 
	assigned_to VARCHAR DEFAULT '' NOT NULL, 
	"conflict" BOOLEAN DEFAULT 0 NOT NULL, overall_grade VARCHAR, listing_json VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(record_id) REFERENCES record (id), 
	FOREIGN KEY(visit_case_id) REFERENCES visit_case (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);
CREATE TABLE audit_conflict (
	id INTEGER NOT NULL, 
	visit_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	case_reference VARCHAR NOT NULL, 
	first_audit_id INTEGER, 
	second_audit_id INTEGER, 
	first_by VARCHAR NOT NULL, 
	second_by VARCHAR NOT NULL, 
	resolution VARCHAR NOT NULL, 
	discarded VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	resolved_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);
CREATE TABLE challenge_answer_change (
	id INTEGER NOT NULL, 
	note_id INTEGER NOT NULL, 
	accepted BOOLEAN, 
	answer VARCHAR NOT NULL, 
	action_id INTEGER, 
	author VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(note_id) REFERENCES challenge_note (id)
);
CREATE TABLE challenge_note (
	id INTEGER NOT NULL, 
	direction VARCHAR NOT NULL, 
	bundle_id INTEGER, 
	target_identifier VARCHAR NOT NULL, 
	section_id VARCHAR NOT NULL, 
	text VARCHAR NOT NULL, 
	rag VARCHAR NOT NULL, 
	line_of_enquiry BOOLEAN NOT NULL, 
	needs_answer BOOLEAN NOT NULL, 
	author VARCHAR NOT NULL, 
	organisation VARCHAR NOT NULL, 
	accepted BOOLEAN, 
	answer VARCHAR NOT NULL, 
	answered_at DATETIME, 
	created_at DATETIME NOT NULL, action_id INTEGER, answered_by VARCHAR DEFAULT '' NOT NULL, peer_note_id INTEGER, reply_action VARCHAR DEFAULT '' NOT NULL, reply_bundle_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(bundle_id) REFERENCES imported_bundle (id)
);
CREATE TABLE council_template (
	id INTEGER NOT NULL, 
	form_id VARCHAR NOT NULL, 
	version INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	source_name VARCHAR NOT NULL, 
	source_format VARCHAR NOT NULL, 
	source BLOB NOT NULL, 
	definition_id INTEGER NOT NULL, 
	installed_from VARCHAR NOT NULL, 
	installed_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(definition_id) REFERENCES form_definition (id), 
	UNIQUE (form_id, version)
);
CREATE TABLE export_log (
	id INTEGER NOT NULL, 
	bundle_type VARCHAR NOT NULL, 
	what VARCHAR NOT NULL, 
	recipients VARCHAR NOT NULL, 
	path VARCHAR NOT NULL, 
	file_sha256 VARCHAR NOT NULL, 
	external_identifier VARCHAR NOT NULL, 
	tagmanifest_sha512 VARCHAR NOT NULL, 
	sequence INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE form_definition (
	id INTEGER NOT NULL, 
	form_id VARCHAR NOT NULL, 
	version INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	sha256 VARCHAR NOT NULL, 
	snapshot VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (form_id, version, sha256)
);
CREATE TABLE imported_bundle (
	id INTEGER NOT NULL, 
	external_identifier VARCHAR NOT NULL, 
	tagmanifest_sha512 VARCHAR NOT NULL, 
	bundle_type VARCHAR NOT NULL, 
	sequence INTEGER NOT NULL, 
	source_organisation VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	period VARCHAR NOT NULL, 
	signer_fingerprint VARCHAR NOT NULL, 
	signer_comment VARCHAR NOT NULL, 
	trusted BOOLEAN NOT NULL, 
	in_response_to VARCHAR, 
	flagged_older BOOLEAN NOT NULL, 
	created VARCHAR NOT NULL, 
	document VARCHAR NOT NULL, 
	stored_path VARCHAR NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (external_identifier), 
	UNIQUE (tagmanifest_sha512)
);
CREATE TABLE indicator (
	id VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	unit VARCHAR NOT NULL, 
	higher_is_better BOOLEAN, 
	description VARCHAR NOT NULL, 
	user_defined BOOLEAN NOT NULL, 
	sort_order INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE indicator_source (
	indicator_id VARCHAR NOT NULL, 
	published_table VARCHAR NOT NULL, 
	measure_column VARCHAR NOT NULL, 
	filters VARCHAR NOT NULL, 
	per_10000 BOOLEAN NOT NULL, 
	census_30_september BOOLEAN NOT NULL, 
	PRIMARY KEY (indicator_id), 
	FOREIGN KEY(indicator_id) REFERENCES indicator (id)
);
CREATE TABLE indicator_value (
	id INTEGER NOT NULL, 
	organisation_id INTEGER NOT NULL, 
	indicator_id VARCHAR NOT NULL, 
	period VARCHAR NOT NULL, 
	series VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(indicator_id) REFERENCES indicator (id), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id), 
	UNIQUE (organisation_id, indicator_id, period, series)
);
CREATE TABLE moderation (
	id INTEGER NOT NULL, 
	audit_id INTEGER NOT NULL, 
	question_id VARCHAR NOT NULL, 
	auditor_value VARCHAR, 
	moderator_value VARCHAR, 
	rationale VARCHAR NOT NULL, 
	moderator VARCHAR NOT NULL, 
	moderated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(audit_id) REFERENCES audit (id)
);
CREATE TABLE ofsted_outcome (
	la_code VARCHAR NOT NULL, 
	old_la_code VARCHAR NOT NULL, 
	la_name VARCHAR NOT NULL, 
	region VARCHAR NOT NULL, 
	inspection_date DATE, 
	publication_date DATE, 
	overall VARCHAR NOT NULL, 
	leaders VARCHAR NOT NULL, 
	help_and_protection VARCHAR NOT NULL, 
	children_in_care VARCHAR NOT NULL, 
	care_leavers VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	PRIMARY KEY (la_code)
);
CREATE TABLE organisation (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	short_name VARCHAR NOT NULL, 
	region VARCHAR NOT NULL, 
	is_home BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE person (
	id INTEGER NOT NULL, 
	organisation_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	email VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id)
);
CREATE TABLE plan_action (
	id INTEGER NOT NULL, 
	what VARCHAR NOT NULL, 
	why VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	source_ref VARCHAR NOT NULL, 
	area VARCHAR NOT NULL, 
	owner VARCHAR NOT NULL, 
	owner_council VARCHAR NOT NULL, 
	due DATE NOT NULL, 
	status VARCHAR NOT NULL, 
	status_reason VARCHAR NOT NULL, 
	created_by VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE plan_progress_note (
	id INTEGER NOT NULL, 
	action_id INTEGER NOT NULL, 
	text VARCHAR NOT NULL, 
	status_before VARCHAR NOT NULL, 
	status_after VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(action_id) REFERENCES plan_action (id)
);
CREATE TABLE published_profile (
	organisation_id INTEGER NOT NULL, 
	old_la_code VARCHAR NOT NULL, 
	new_la_code VARCHAR NOT NULL, 
	la_name VARCHAR NOT NULL, 
	region_code VARCHAR NOT NULL, 
	region_name VARCHAR NOT NULL, 
	neighbour_model VARCHAR NOT NULL, 
	neighbour_codes VARCHAR NOT NULL, 
	neighbours_shown VARCHAR NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (organisation_id), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id)
);
CREATE TABLE published_value (
	id INTEGER NOT NULL, 
	organisation_id INTEGER NOT NULL, 
	indicator_id VARCHAR NOT NULL, 
	period VARCHAR NOT NULL, 
	series VARCHAR NOT NULL, 
	value FLOAT, 
	suppressed VARCHAR, 
	neighbours_counted INTEGER, 
	source VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(indicator_id) REFERENCES indicator (id), 
	FOREIGN KEY(organisation_id) REFERENCES organisation (id), 
	UNIQUE (organisation_id, indicator_id, period, series)
);
CREATE TABLE record (
	id INTEGER NOT NULL, 
	definition_id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	read_only BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(definition_id) REFERENCES form_definition (id)
);
CREATE TABLE setting (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE team_return (
	id INTEGER NOT NULL, 
	visit_id INTEGER NOT NULL, 
	member_name VARCHAR NOT NULL, 
	fingerprint VARCHAR NOT NULL, 
	sequence INTEGER NOT NULL, 
	external_identifier VARCHAR NOT NULL, 
	tagmanifest_sha512 VARCHAR NOT NULL, 
	created VARCHAR NOT NULL, 
	audits INTEGER NOT NULL, 
	conflicts INTEGER NOT NULL, 
	received_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id), 
	UNIQUE (external_identifier), 
	UNIQUE (tagmanifest_sha512)
);
CREATE TABLE trusted_key (
	id INTEGER NOT NULL, 
	organisation VARCHAR NOT NULL, 
	comment VARCHAR NOT NULL, 
	public_line VARCHAR NOT NULL, 
	fingerprint VARCHAR NOT NULL, 
	age_recipient VARCHAR, 
	status VARCHAR NOT NULL, 
	trusted_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (fingerprint)
);
CREATE TABLE visit (
	id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	host_organisation_id INTEGER NOT NULL, 
	lead_name VARCHAR NOT NULL, 
	start_date DATE, 
	end_date DATE, 
	line_of_enquiry VARCHAR NOT NULL, 
	template_form_id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	sample_seed INTEGER, 
	sample_size INTEGER, 
	sample_by VARCHAR, 
	created_at DATETIME NOT NULL, uuid VARCHAR DEFAULT '' NOT NULL, assigned_by VARCHAR DEFAULT '' NOT NULL, assignment_sequence INTEGER DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(host_organisation_id) REFERENCES organisation (id)
);
CREATE TABLE visit_case (
	id INTEGER NOT NULL, 
	visit_id INTEGER NOT NULL, 
	case_reference VARCHAR NOT NULL, 
	fields VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	removed BOOLEAN NOT NULL, 
	removed_reason VARCHAR NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);
CREATE TABLE visit_case_list (
	visit_id INTEGER NOT NULL, 
	column_names VARCHAR NOT NULL, 
	reference_column VARCHAR NOT NULL, 
	size INTEGER NOT NULL, 
	cases BLOB NOT NULL, 
	added_at DATETIME NOT NULL, 
	PRIMARY KEY (visit_id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);
CREATE TABLE visit_member (
	id INTEGER NOT NULL, 
	visit_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	organisation VARCHAR NOT NULL, public_line VARCHAR DEFAULT '' NOT NULL, fingerprint VARCHAR DEFAULT '' NOT NULL, age_recipient VARCHAR DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);
CREATE TRIGGER audit_listing_after_insert AFTER INSERT ON audit FOR EACH ROW BEGIN UPDATE audit SET listing_json = json_object('id', NEW.id, 'title', 'Audit of case ' || NEW.case_reference, 'uuid', NEW.uuid, 'visit_id', NEW.visit_id, 'case_reference', NEW.case_reference, 'auditor', COALESCE(NULLIF(NEW.assigned_to, ''), NEW.auditor), 'status', NEW.status, 'overall_grade', NEW.overall_grade, 'escalation', CASE WHEN NEW.escalated THEN json('true') ELSE json('false') END, 'escalated', CASE WHEN NEW.escalated THEN json('true') ELSE json('false') END, 'conflict', CASE WHEN NEW.conflict THEN json('true') ELSE json('false') END) WHERE id = NEW.id; END;
CREATE TRIGGER audit_listing_after_update AFTER UPDATE OF id, uuid, visit_id, case_reference, assigned_to, auditor, status, overall_grade, escalated, conflict ON audit FOR EACH ROW BEGIN UPDATE audit SET listing_json = json_object('id', NEW.id, 'title', 'Audit of case ' || NEW.case_reference, 'uuid', NEW.uuid, 'visit_id', NEW.visit_id, 'case_reference', NEW.case_reference, 'auditor', COALESCE(NULLIF(NEW.assigned_to, ''), NEW.auditor), 'status', NEW.status, 'overall_grade', NEW.overall_grade, 'escalation', CASE WHEN NEW.escalated THEN json('true') ELSE json('false') END, 'escalated', CASE WHEN NEW.escalated THEN json('true') ELSE json('false') END, 'conflict', CASE WHEN NEW.conflict THEN json('true') ELSE json('false') END) WHERE id = NEW.id; END;
CREATE INDEX ix_answer_change_question_id ON answer_change (question_id);
CREATE INDEX ix_answer_change_record_id ON answer_change (record_id);
CREATE INDEX ix_answer_overall_grade ON answer (record_id, question_id, value) WHERE question_id = 'overall_grade';
CREATE INDEX ix_assessment_organisation_id ON assessment (organisation_id);
CREATE INDEX ix_assessment_period ON assessment (period);
CREATE INDEX ix_assessment_snapshot_assessment_id ON assessment_snapshot (assessment_id);
CREATE INDEX ix_audit_case_reference ON audit (case_reference);
CREATE INDEX ix_audit_conflict_visit_id ON audit_conflict (visit_id);
CREATE INDEX ix_audit_escalated ON audit (escalated);
CREATE INDEX ix_audit_record_id ON audit (record_id);
CREATE INDEX ix_audit_uuid ON audit (uuid);
CREATE INDEX ix_audit_visit_id ON audit (visit_id);
CREATE INDEX ix_challenge_answer_change_note_id ON challenge_answer_change (note_id);
CREATE INDEX ix_challenge_note_bundle_id ON challenge_note (bundle_id);
CREATE INDEX ix_council_template_form_id ON council_template (form_id);
CREATE INDEX ix_form_definition_form_id ON form_definition (form_id);
CREATE INDEX ix_imported_bundle_in_response_to ON imported_bundle (in_response_to);
CREATE INDEX ix_indicator_value_indicator_id ON indicator_value (indicator_id);
CREATE INDEX ix_indicator_value_organisation_id ON indicator_value (organisation_id);
CREATE INDEX ix_moderation_audit_id ON moderation (audit_id);
CREATE INDEX ix_ofsted_outcome_old_la_code ON ofsted_outcome (old_la_code);
CREATE INDEX ix_person_organisation_id ON person (organisation_id);
CREATE INDEX ix_plan_action_source ON plan_action (source);
CREATE INDEX ix_plan_action_source_ref ON plan_action (source_ref);
CREATE INDEX ix_plan_progress_note_action_id ON plan_progress_note (action_id);
CREATE INDEX ix_published_value_indicator_id ON published_value (indicator_id);
CREATE INDEX ix_published_value_organisation_id ON published_value (organisation_id);
CREATE INDEX ix_record_definition_id ON record (definition_id);
CREATE INDEX ix_record_kind ON record (kind);
CREATE INDEX ix_team_return_visit_id ON team_return (visit_id);
CREATE INDEX ix_trusted_key_organisation ON trusted_key (organisation);
CREATE INDEX ix_visit_case_case_reference ON visit_case (case_reference);
CREATE INDEX ix_visit_case_visit_id ON visit_case (visit_id);
CREATE INDEX ix_visit_host_organisation_id ON visit (host_organisation_id);
CREATE INDEX ix_visit_member_fingerprint ON visit_member (fingerprint);
CREATE INDEX ix_visit_member_visit_id ON visit_member (visit_id);
CREATE INDEX ix_visit_uuid ON visit (uuid);
CREATE UNIQUE INDEX ix_organisation_name ON organisation (name);
COMMIT;
