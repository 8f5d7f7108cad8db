/**
 * Plain values that the incoming and the outgoing ports both speak: a stored answer to replay, the conditions on a
 * listing of executions, a usage report. They live apart from both port packages so that a use case's signature
 * never names an outgoing port, and an adapter on the driving side never needs one.
 */
package io.promptengine.application.model;
