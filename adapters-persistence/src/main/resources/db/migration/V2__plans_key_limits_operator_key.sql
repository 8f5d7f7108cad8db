-- Operator-defined plans. The built-in plans (free, pro, enterprise) live in the code, not here, so that their
-- limits have one home; tenants.plan therefore names either a built-in plan or a row of this table.
CREATE TABLE plans (
    name                 VARCHAR(63)                 NOT NULL,
    requests_per_minute  INTEGER                     NOT NULL,
    tokens_per_minute    BIGINT,
    monthly_token_quota  BIGINT,
    CONSTRAINT plans_pkey PRIMARY KEY (name),
    CONSTRAINT plans_requests_per_minute_positive CHECK (requests_per_minute > 0),
    CONSTRAINT plans_tokens_per_minute_positive CHECK (tokens_per_minute > 0),
    CONSTRAINT plans_monthly_token_quota_positive CHECK (monthly_token_quota > 0)
);

-- A key's own requests-per-minute limit, below its tenant's plan; NULL for none.
ALTER TABLE api_keys ADD COLUMN requests_per_minute INTEGER;

-- The operator key generated on the first start without PE_ADMIN_KEY: only its hash and visible prefix, in the
-- single row the check allows, so that concurrent first starts of several instances keep exactly one.
CREATE TABLE operator_key (
    id           VARCHAR(16)                 NOT NULL,
    prefix       VARCHAR(64)                 NOT NULL,
    secret_hash  VARCHAR(128)                NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT operator_key_pkey PRIMARY KEY (id),
    CONSTRAINT operator_key_single_row CHECK (id = 'operator')
);
