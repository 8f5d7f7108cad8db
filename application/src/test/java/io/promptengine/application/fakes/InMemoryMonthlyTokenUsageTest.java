package io.promptengine.application.fakes;

import io.promptengine.application.port.out.MonthlyTokenUsage;
import io.promptengine.application.port.out.MonthlyTokenUsageContract;

class InMemoryMonthlyTokenUsageTest extends MonthlyTokenUsageContract {

    @Override
    protected MonthlyTokenUsage newUsage() {
        return new InMemoryMonthlyTokenUsage();
    }
}
