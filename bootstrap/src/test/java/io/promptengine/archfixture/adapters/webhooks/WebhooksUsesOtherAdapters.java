package io.promptengine.archfixture.adapters.webhooks;

/** Breaks "webhooks depends on no other adapter" and "webhooks does not depend on bootstrap". */
public final class WebhooksUsesOtherAdapters {
    io.promptengine.archfixture.adapters.http.HttpUsesOtherAdapters route;
    io.promptengine.archfixture.bootstrap.Wiring wiring;
}
