-- Rate limits and token meters shared by every instance on one database (PE_RATE_LIMITER=database), and the
-- index the retention job walks.

-- One row per rate-limit bucket ('tenant:…', 'key:…'): a decision locks the rows of its buckets, in key order, so
-- that concurrent decisions on one bucket, from any instance, take turns and the count stays exact.
CREATE TABLE rate_limit_buckets (
    bucket_key  VARCHAR(128) NOT NULL,
    CONSTRAINT rate_limit_buckets_pkey PRIMARY KEY (bucket_key)
);

-- The sliding log of each bucket: one row per admitted request, its time in nanoseconds since the epoch. Rows
-- older than the window are deleted by the next decision on the bucket, or by the limiter's periodic sweep.
CREATE TABLE rate_limit_events (
    bucket_key  VARCHAR(128) NOT NULL,
    at_nanos    BIGINT       NOT NULL
);

CREATE INDEX rate_limit_events_bucket_idx ON rate_limit_events (bucket_key, at_nanos);
CREATE INDEX rate_limit_events_at_idx ON rate_limit_events (at_nanos);

-- Tokens used by each tenant's executions per second (times rounded up to the second), a row per instance and
-- second, written in batches once a second (JdbiTokenMeter).
CREATE TABLE token_meter_events (
    tenant_id   VARCHAR(64) NOT NULL,
    at_nanos    BIGINT      NOT NULL,
    tokens      BIGINT      NOT NULL
);

CREATE INDEX token_meter_events_tenant_idx ON token_meter_events (tenant_id, at_nanos);
CREATE INDEX token_meter_events_at_idx ON token_meter_events (at_nanos);

-- Retention deletes the oldest ended executions in batches through this index.
CREATE INDEX executions_created_idx ON executions (created_at);
