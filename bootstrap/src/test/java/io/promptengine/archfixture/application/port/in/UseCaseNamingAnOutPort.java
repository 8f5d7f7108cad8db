package io.promptengine.archfixture.application.port.in;

/** Breaks "port.in does not depend on port.out", and with the fixture's port.out a cycle in application. */
public interface UseCaseNamingAnOutPort {
    io.promptengine.archfixture.application.port.out.Store store();
}
