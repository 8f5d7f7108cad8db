package io.promptengine.application.port.in;

import java.util.Optional;

/**
 * On an empty database, creates the {@code demo} tenant (on the Free plan unless configured otherwise) with one key
 * holding every scope.
 * Returns the key's secret only when it was generated now, so it can be printed once; never again.
 */
public interface ProvisionDemoUseCase {

    Optional<String> provisionDemo(Optional<String> configuredSecret);
}
