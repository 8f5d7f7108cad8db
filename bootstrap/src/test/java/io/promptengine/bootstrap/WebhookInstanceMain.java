package io.promptengine.bootstrap;

/**
 * One Prompt Engine instance as a process of its own, configured from the environment like the real jar (webhooks
 * sent by its own outbound client, within the environment's allow list). It prints {@code PORT=<port>} once it serves. Started by the
 * webhook crash test, which kills it.
 */
public final class WebhookInstanceMain {

    private WebhookInstanceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PromptEngine engine = PromptEngine.builder().environment().start();
        System.out.println("PORT=" + engine.port().orElseThrow());
        System.out.flush();
        Thread.currentThread().join();
    }
}
