package io.promptengine.application.fakes;

import io.promptengine.application.port.out.ConsoleSessionStore;
import io.promptengine.application.port.out.ConsoleSessionStoreContract;

final class InMemoryConsoleSessionStoreTest extends ConsoleSessionStoreContract {

    @Override
    protected ConsoleSessionStore newStore() {
        return new InMemoryConsoleSessionStore();
    }
}
