package io.promptengine.archfixture.application.port.out;

/**
 * An outgoing port of the fixture, for the rules that keep the driving side away from outgoing ports. It names a
 * use case back, which breaks "port.out does not depend on port.in" and closes a cycle between the fixture's
 * port.in and port.out.
 */
public interface Store {
    io.promptengine.archfixture.application.port.in.UseCaseNamingAnOutPort useCase();
}
