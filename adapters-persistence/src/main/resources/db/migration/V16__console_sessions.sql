-- The console's sessions (issue 16): a browser holds a random token in its cookie; this keeps only the token's
-- SHA-256, so a copy of the table signs nobody in. A tenant's session names the key it was opened with, checked again
-- on every request; the operator's names a fingerprint of the operator key it was opened with, so that a new
-- operator key (PE_ADMIN_KEY changed) ends it. Expired rows are deleted by the purge, and by the request that finds
-- one. No foreign keys: a key deleted or a tenant gone ends the session at its next request.
CREATE TABLE console_sessions (
    token_hash       VARCHAR(64)                 NOT NULL,
    -- both absent for the operator
    tenant_id        VARCHAR(64),
    api_key_id       VARCHAR(64),
    -- the operator's only: a SHA-256 derived from the operator key's hash (it authenticates nothing)
    operator_key     VARCHAR(64),
    csrf_token       VARCHAR(64)                 NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    idle_expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT console_sessions_pkey PRIMARY KEY (token_hash),
    CONSTRAINT console_sessions_principal CHECK ((tenant_id IS NULL) = (api_key_id IS NULL)
        AND (tenant_id IS NULL) = (operator_key IS NOT NULL))
);

-- the purge looks for sessions past their idle expiry (which never passes the absolute one)
CREATE INDEX console_sessions_idle_expiry_idx ON console_sessions (idle_expires_at);
