package com.example.shout;

import io.promptengine.adapters.llm.testkit.ModelProviderContract;
import io.promptengine.application.port.out.ModelProvider;
import java.time.Instant;

/** The contract every built-in provider passes, run against this plugin's. */
class ShoutModelProviderContractTest extends ModelProviderContract {

    @Override
    protected ModelProvider provider() {
        return new ShoutModelProvider("shouty", 10, "!", Instant::now);
    }

    @Override
    protected String servedModel() {
        return ShoutModelProvider.MODEL;
    }
}
