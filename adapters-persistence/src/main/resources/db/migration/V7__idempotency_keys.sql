-- Idempotency keys (issue 6): per tenant, what request a key was first used for and, once that request answered,
-- the answer to replay. A row is inserted to claim a key, so the primary key decides which of concurrent
-- requests runs. Rows expire after PE_IDEMPOTENCY_TTL_SECONDS and are purged by the service.
CREATE TABLE idempotency_keys (
    tenant_id         VARCHAR(64)                 NOT NULL,
    idempotency_key   VARCHAR(255)                NOT NULL,
    -- SHA-256 (hex) of the first request's method, path, query and canonical body
    fingerprint       CHAR(64)                    NOT NULL,
    -- names the request holding the key; a request taking over a stale claim writes its own
    claim_id          VARCHAR(64)                 NOT NULL,
    state             VARCHAR(16)                 NOT NULL,
    response_status   INTEGER,
    -- the headers to replay, one 'Name: value' line each (Columns.lines)
    response_headers  TEXT,
    response_body     BYTEA,
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (tenant_id, idempotency_key),
    CONSTRAINT idempotency_keys_state_check CHECK (state IN ('in_flight', 'completed')),
    CONSTRAINT idempotency_keys_response_check CHECK ((state = 'completed') = (response_status IS NOT NULL))
);

-- the periodic purge deletes by expiry
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
