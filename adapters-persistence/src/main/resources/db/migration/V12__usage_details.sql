-- The parts of an execution's tokens that providers price apart (issue 13): input read from the prompt cache and
-- written to it, both part of input_tokens, and reasoning, part of output_tokens. Executions stored before this
-- version had none counted, hence 0. Monthly and per-minute token usage keep totals only: limits charge totals.
ALTER TABLE executions ADD COLUMN cached_input_tokens BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE executions ADD COLUMN cache_write_tokens BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE executions ADD COLUMN reasoning_tokens BIGINT DEFAULT 0 NOT NULL;
