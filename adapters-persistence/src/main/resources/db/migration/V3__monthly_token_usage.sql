-- Tokens used per tenant per calendar month (UTC), for plans with a monthly token quota. Executions are charged
-- in memory and added here in batches (JdbiMonthlyTokenUsage), so the execute path writes no row of its own.
-- Numbered V3 so that it follows V2, whatever V2 brings.
CREATE TABLE monthly_token_usage (
    tenant_id    VARCHAR(64) NOT NULL,
    -- 'YYYY-MM'
    usage_month  CHAR(7)     NOT NULL,
    tokens       BIGINT      NOT NULL,
    CONSTRAINT monthly_token_usage_pkey PRIMARY KEY (tenant_id, usage_month)
);
