package io.promptengine.application.fakes;

import io.promptengine.application.port.out.TokenEstimator;

/** One token per word: an estimate a test can work out by eye. */
public final class WordCountingTokenEstimator implements TokenEstimator {

    @Override
    public long tokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
