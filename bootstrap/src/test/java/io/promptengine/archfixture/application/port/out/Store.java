package io.promptengine.archfixture.application.port.out;

/** An outgoing port of the fixture, for the rules that keep the driving side away from outgoing ports. */
public interface Store {
}
