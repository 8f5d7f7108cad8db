-- The chat messages of an execution of the OpenAI-compatible API (issue 13), so that what was sent survives in the
-- record and an execution stored as queued runs the same after a restart. One text column in the encoding of
-- ChatMessagesColumn (each message as its role, the length of its content, then the content); null for every
-- other surface, and for every execution stored before this version.
ALTER TABLE executions ADD COLUMN messages TEXT;
