-- The calls an execution made to model providers (issue 5's failure policy): how many were sent (retries, re-asks
-- and fallbacks each count one; "attempts" stays the number of times a worker started the execution), the last
-- failure among them even when a later call answered, and the fallback model that answered when the execution's
-- own model did not.
ALTER TABLE executions ADD COLUMN provider_calls INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE executions ADD COLUMN last_provider_error_code VARCHAR(64);
ALTER TABLE executions ADD COLUMN last_provider_error_message TEXT;
ALTER TABLE executions ADD COLUMN fallback_model TEXT;
