package io.promptengine.archfixture.domain.alpha;

/** With {@link io.promptengine.archfixture.domain.beta.Beta}, breaks "no cycles between the packages of domain". */
public final class Alpha {
    io.promptengine.archfixture.domain.beta.Beta beta;
}
