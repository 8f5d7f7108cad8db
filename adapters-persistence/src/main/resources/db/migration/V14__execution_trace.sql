-- The distributed trace an execution belongs to (issue 15): the W3C traceparent of the request that created it, from
-- which a worker continues the trace of a queued execution, and its trace id alone, as GET /v1/executions/{id}
-- shows it and an operator looks it up in a tracing backend. Null when the request was not traced (tracing off), and
-- for every execution stored before this version.
ALTER TABLE executions ADD COLUMN trace_parent VARCHAR(55);
ALTER TABLE executions ADD COLUMN trace_id VARCHAR(32);
