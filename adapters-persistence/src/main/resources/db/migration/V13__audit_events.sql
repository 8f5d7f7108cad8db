-- The audit trail (issue 15): one row per management change, written in the change's own transaction and never
-- updated; retention (PE_RETENTION) alone deletes rows. No foreign keys: an event outlives what it names.
CREATE TABLE audit_events (
    id              VARCHAR(128)                NOT NULL,
    -- absent for a change of the whole installation (a plan)
    tenant_id       VARCHAR(64),
    -- an API key id, or 'operator'
    actor           VARCHAR(64)                 NOT NULL,
    action          VARCHAR(40)                 NOT NULL,
    target_type     VARCHAR(20)                 NOT NULL,
    target_id       VARCHAR(128)                NOT NULL,
    -- the changed fields, one 'field=value' line each, value escaped (SummaryColumn)
    summary_before  TEXT                        NOT NULL,
    summary_after   TEXT                        NOT NULL,
    occurred_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    -- absent for a change made from the command line
    request_id      VARCHAR(128),
    CONSTRAINT audit_events_pkey PRIMARY KEY (id)
);

-- a tenant's page walks this index newest first; the operator's, and retention, the second
CREATE INDEX audit_events_tenant_time_idx ON audit_events (tenant_id, occurred_at, id);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, id);
