package io.promptengine.archfixture.application.service;

/** A service of the fixture, which an adapter of the fixture reaches past its port. */
public final class Service {
}
