-- The durable queue: a worker that claims a queued execution holds a lease on it until lease_expires_at and
-- renews it while it works; an expired lease lets another instance reclaim the execution. attempts (from V1) is
-- the fence: a worker finishes only the attempt it claimed. Claims and reclaims scan executions_status_idx.
ALTER TABLE executions ADD COLUMN lease_owner VARCHAR(128);
ALTER TABLE executions ADD COLUMN lease_expires_at TIMESTAMP(6) WITH TIME ZONE;
