-- What an execution of a stored prompt is composed from beyond its input, so that one stored as queued runs the
-- same after a restart: the endpoint it was run for (whose timeout applies; usage is reported by endpoint), the
-- conversation whose earlier turns go to the model, the stored-prompt API's new message, and the output schema
-- the answer is held to, fixed when the execution was created. All NULL for the execute API.
ALTER TABLE executions ADD COLUMN endpoint_id VARCHAR(64);
ALTER TABLE executions ADD COLUMN conversation_id VARCHAR(36);
ALTER TABLE executions ADD COLUMN message TEXT;
ALTER TABLE executions ADD COLUMN output_schema TEXT;
