-- Idempotency keys released after a crash (issue 11). A claim names the instance (server process) whose request
-- holds it and its deadline, the longest that request may run; every instance records a heartbeat in instances.
-- A claim still in flight whose deadline passed, or whose instance stopped beating, is taken over by a retry.

-- NULL for claims made before this version: only their deadline releases them
ALTER TABLE idempotency_keys ADD COLUMN instance_id VARCHAR(128);
ALTER TABLE idempotency_keys ADD COLUMN deadline_at TIMESTAMP(6) WITH TIME ZONE;
-- until now a claim was stale 11 minutes after it was made (the longest execution, 10 min, plus a minute)
UPDATE idempotency_keys SET deadline_at = created_at + INTERVAL '11' MINUTE;
ALTER TABLE idempotency_keys ALTER COLUMN deadline_at SET NOT NULL;

-- One row per running instance, named uniquely per start (the name on its queue leases too); beaten every third
-- of PE_LEASE_SECONDS and deleted on a clean stop. A row older than a day is purged: no claim lives that long.
CREATE TABLE instances (
    instance_id   VARCHAR(128)                NOT NULL,
    started_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT instances_pkey PRIMARY KEY (instance_id)
);
