-- Tenants' endpoints, their prompts and versions, and conversations with stored prompts (issue 4).
-- Deleting an endpoint deletes its prompts, their versions and conversations (ON DELETE CASCADE); executions keep
-- their own copy of what ran and no foreign key to any of these.
-- Lists of strings (tags, fallback models) are one TEXT of lines, each with '\' and line breaks escaped (Columns).

CREATE TABLE endpoints (
    id                 VARCHAR(64)                 NOT NULL,
    tenant_id          VARCHAR(64)                 NOT NULL,
    path               VARCHAR(200)                NOT NULL,
    description        TEXT                        NOT NULL,
    input_schema       TEXT                        NOT NULL,
    output_schema      TEXT,
    -- no foreign key: prompts reference endpoints, and the service checks that the prompt is the endpoint's own
    default_prompt_id  VARCHAR(36),
    timeout_ms         BIGINT                      NOT NULL,
    cache_ttl_ms       BIGINT                      NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT endpoints_pkey PRIMARY KEY (id),
    CONSTRAINT endpoints_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    -- every call of a tenant endpoint looks it up through this index
    CONSTRAINT endpoints_tenant_path_key UNIQUE (tenant_id, path)
);

CREATE TABLE prompts (
    id             VARCHAR(36)                 NOT NULL,
    tenant_id      VARCHAR(64)                 NOT NULL,
    endpoint_id    VARCHAR(64),
    -- the endpoint's id, or '' for a prompt of no endpoint: a unique constraint never finds two NULLs equal, so
    -- uniqueness of names among prompts of no endpoint needs a column that is never NULL (the check keeps it true)
    name_scope     VARCHAR(64)                 NOT NULL,
    name           VARCHAR(63)                 NOT NULL,
    title          TEXT                        NOT NULL,
    description    TEXT                        NOT NULL,
    tags           TEXT                        NOT NULL,
    author         TEXT                        NOT NULL,
    -- versions made so far: incrementing it numbers the next draft and locks the row against concurrent drafts
    version_count  INTEGER                     NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT prompts_pkey PRIMARY KEY (id),
    CONSTRAINT prompts_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT prompts_endpoint_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoints (id) ON DELETE CASCADE,
    CONSTRAINT prompts_name_key UNIQUE (tenant_id, name_scope, name),
    CONSTRAINT prompts_name_scope_check CHECK (name_scope = COALESCE(endpoint_id, ''))
);

CREATE INDEX prompts_endpoint_idx ON prompts (endpoint_id);

CREATE TABLE prompt_versions (
    id               VARCHAR(64)                 NOT NULL,
    prompt_id        VARCHAR(36)                 NOT NULL,
    version_number   INTEGER                     NOT NULL,
    status           VARCHAR(16)                 NOT NULL,
    -- the prompt's id while this version is live, NULL otherwise: unique, so a prompt never has two live versions
    live_prompt_id   VARCHAR(36),
    system_template  TEXT,
    user_template    TEXT                        NOT NULL,
    model            TEXT                        NOT NULL,
    provider         TEXT,
    temperature      DOUBLE PRECISION,
    max_tokens       INTEGER,
    output_schema    TEXT,
    fallback_models  TEXT                        NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    published_at     TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT prompt_versions_pkey PRIMARY KEY (id),
    CONSTRAINT prompt_versions_prompt_fkey FOREIGN KEY (prompt_id) REFERENCES prompts (id) ON DELETE CASCADE,
    CONSTRAINT prompt_versions_number_key UNIQUE (prompt_id, version_number),
    CONSTRAINT prompt_versions_live_key UNIQUE (live_prompt_id),
    CONSTRAINT prompt_versions_status_check CHECK (status IN ('draft', 'live', 'archived')),
    CONSTRAINT prompt_versions_live_check CHECK ((status = 'live' AND live_prompt_id = prompt_id)
        OR (status <> 'live' AND live_prompt_id IS NULL))
);

CREATE TABLE conversations (
    id             VARCHAR(36)                 NOT NULL,
    tenant_id      VARCHAR(64)                 NOT NULL,
    prompt_id      VARCHAR(36)                 NOT NULL,
    -- messages so far: incrementing it places appended turns and locks the row against concurrent appends
    message_count  INTEGER                     NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT conversations_pkey PRIMARY KEY (id),
    CONSTRAINT conversations_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT conversations_prompt_fkey FOREIGN KEY (prompt_id) REFERENCES prompts (id) ON DELETE CASCADE
);

CREATE INDEX conversations_prompt_idx ON conversations (prompt_id);

CREATE TABLE conversation_messages (
    conversation_id  VARCHAR(36)                 NOT NULL,
    -- 0 for the first message, then counting up
    seq              INTEGER                     NOT NULL,
    id               TEXT                        NOT NULL,
    role             VARCHAR(16)                 NOT NULL,
    content          TEXT                        NOT NULL,
    model            TEXT,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT conversation_messages_pkey PRIMARY KEY (conversation_id, seq),
    CONSTRAINT conversation_messages_conversation_fkey FOREIGN KEY (conversation_id) REFERENCES conversations (id)
        ON DELETE CASCADE
);
