-- Portable between H2 (run in PostgreSQL mode, see Database) and PostgreSQL.
-- Timestamps are TIMESTAMP(6) WITH TIME ZONE: UTC instants at microsecond precision; the stores truncate
-- finer instants before writing, so what is read back is exactly what was written.
-- Enumerations (status, source, finish_reason, scopes) are stored as their lowercase wire names.

CREATE TABLE tenants (
    id          VARCHAR(64)                 NOT NULL,
    slug        VARCHAR(63)                 NOT NULL,
    name        VARCHAR(200)                NOT NULL,
    plan        VARCHAR(63)                 NOT NULL,
    active      BOOLEAN                     NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT tenants_pkey PRIMARY KEY (id),
    CONSTRAINT tenants_slug_key UNIQUE (slug)
);

CREATE TABLE api_keys (
    id            VARCHAR(64)                 NOT NULL,
    tenant_id     VARCHAR(64)                 NOT NULL,
    name          TEXT                        NOT NULL,
    prefix        VARCHAR(64)                 NOT NULL,
    secret_hash   VARCHAR(128)                NOT NULL,
    -- comma-separated scope wire names, sorted: 'execute,manage,read'
    scopes        VARCHAR(64)                 NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP(6) WITH TIME ZONE,
    revoked_at    TIMESTAMP(6) WITH TIME ZONE,
    last_used_at  TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    -- every request authenticates through this index
    CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash)
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

-- No foreign keys here: the sync execute path inserts one row per request, and a parent lookup per insert
-- buys nothing the services do not already guarantee (the key authenticated moments before).
CREATE TABLE executions (
    id                 VARCHAR(64)                 NOT NULL,
    tenant_id          VARCHAR(64)                 NOT NULL,
    api_key_id         VARCHAR(64)                 NOT NULL,
    source             VARCHAR(16)                 NOT NULL,
    prompt_version_id  TEXT,
    provider           TEXT                        NOT NULL,
    model              TEXT                        NOT NULL,
    input              TEXT                        NOT NULL,
    temperature        DOUBLE PRECISION,
    max_tokens         INTEGER,
    status             VARCHAR(16)                 NOT NULL,
    output_text        TEXT,
    output_json        TEXT,
    finish_reason      VARCHAR(32),
    error_code         TEXT,
    error_message      TEXT,
    input_tokens       BIGINT                      NOT NULL,
    output_tokens      BIGINT                      NOT NULL,
    -- derived (input + output, completed - created) and kept for usage reports; never read back
    total_tokens       BIGINT                      NOT NULL,
    cost               NUMERIC,
    cache_hit          BOOLEAN                     NOT NULL,
    attempts           INTEGER                     NOT NULL,
    latency_ms         BIGINT,
    request_id         TEXT                        NOT NULL,
    idempotency_key    TEXT,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    started_at         TIMESTAMP(6) WITH TIME ZONE,
    completed_at       TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT executions_pkey PRIMARY KEY (id)
);

-- find(tenant, id) is served by the primary key; listings walk this index newest first
CREATE INDEX executions_tenant_created_idx ON executions (tenant_id, created_at DESC, id DESC);
-- recovery and workers scan one status in id order
CREATE INDEX executions_status_idx ON executions (status, id);
