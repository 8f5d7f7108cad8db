package io.promptengine.application.fakes;

import io.promptengine.application.port.out.TokenMeter;
import io.promptengine.application.port.out.TokenMeterContract;

class FakeTokenMeterTest extends TokenMeterContract {

    @Override
    protected TokenMeter newMeter() {
        return new FakeTokenMeter();
    }
}
