-- Up Migration

-- Notices, their causes, answers and incidents are deleted once past NOTICES_RETENTION_DAYS
-- (src/adapters/pg-notice-retention.ts): these indexes let each bounded delete find its oldest
-- rows, and an incident's remaining references, without a full scan.
CREATE INDEX notifications_created ON notifications (created_at);
CREATE INDEX notice_causes_caused ON notice_causes (caused_at);
CREATE INDEX notice_causes_by_incident ON notice_causes (incident_id);
CREATE INDEX notice_incidents_last_activity ON notice_incidents (last_activity_at);

-- Down Migration
DROP INDEX notice_incidents_last_activity;
DROP INDEX notice_causes_by_incident;
DROP INDEX notice_causes_caused;
DROP INDEX notifications_created;
