-- Webhooks (issue 17): a tenant's endpoints, and the outbox of their deliveries. The deliveries of an execution's
-- end are inserted by the statement after the one that ends the execution, in the same transaction (see
-- ExecutionEvents), so an instance that dies right after the end loses no event.
CREATE TABLE webhooks (
    id                      VARCHAR(64)                 NOT NULL,
    tenant_id               VARCHAR(64)                 NOT NULL,
    url                     VARCHAR(2048)               NOT NULL,
    -- the subscribed event types, each followed by a comma and the first preceded by one: ',execution.failed,'
    events                  VARCHAR(200)                NOT NULL,
    -- only executions of this tenant endpoint, or started on this surface, when set
    endpoint_filter         VARCHAR(64),
    surface_filter          VARCHAR(20),
    description             VARCHAR(500)                NOT NULL,
    enabled                 BOOLEAN                     NOT NULL,
    disabled_reason         VARCHAR(500),
    -- whsec_<base64>, in clear: signing needs it; the previous one signs beside it until previous_secret_until
    secret                  VARCHAR(200)                NOT NULL,
    previous_secret         VARCHAR(200),
    previous_secret_until   TIMESTAMP(6) WITH TIME ZONE,
    -- when the current run of failed attempts began; null while the endpoint succeeds
    failing_since           TIMESTAMP(6) WITH TIME ZONE,
    created_at              TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT webhooks_pkey PRIMARY KEY (id)
);

-- every execution's end looks up its tenant's endpoints here
CREATE INDEX webhooks_tenant_idx ON webhooks (tenant_id, created_at, id);

-- One event on its way to one endpoint. id is '<event_id>.<webhook_id>', so an event reaches an endpoint once;
-- event_id is the webhook-id header of every attempt. A worker that claims a delivery holds a lease on it until
-- lease_expires_at; attempts is the fence, as for executions.
CREATE TABLE webhook_deliveries (
    id                  VARCHAR(200)                NOT NULL,
    webhook_id          VARCHAR(64)                 NOT NULL,
    tenant_id           VARCHAR(64)                 NOT NULL,
    event_id            VARCHAR(128)                NOT NULL,
    event_type          VARCHAR(40)                 NOT NULL,
    -- absent for webhook.test
    execution_id        VARCHAR(64),
    occurred_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    -- the event's JSON, rendered once (before the first attempt of an execution's event) and sent by every attempt
    body                TEXT,
    status              VARCHAR(20)                 NOT NULL,
    attempts            INTEGER                     NOT NULL,
    next_attempt_at     TIMESTAMP(6) WITH TIME ZONE,
    lease_owner         VARCHAR(128),
    lease_expires_at    TIMESTAMP(6) WITH TIME ZONE,
    last_attempt_at     TIMESTAMP(6) WITH TIME ZONE,
    last_status_code    INTEGER,
    last_error          VARCHAR(1024),
    last_response       TEXT,
    last_latency_ms     BIGINT,
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id)
);

-- claims walk the pending ones by due time; the log walks an endpoint's newest first; retention keeps an
-- execution whose event is not rendered yet
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at, id);
CREATE INDEX webhook_deliveries_execution_idx ON webhook_deliveries (execution_id);
