package io.promptengine.archfixture.domain.beta;

/** The way back to {@link io.promptengine.archfixture.domain.alpha.Alpha}. */
public final class Beta {
    io.promptengine.archfixture.domain.alpha.Alpha alpha;
}
