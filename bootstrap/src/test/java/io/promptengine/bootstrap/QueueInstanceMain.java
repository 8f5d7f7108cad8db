package io.promptengine.bootstrap;

/**
 * One Prompt Engine instance as a process of its own, configured from the environment like the real jar, whose
 * model {@link QueueModelProvider#MODEL} never answers: what it claims stays running until the process dies. It
 * prints {@code PORT=<port>} once it serves. Started by the queue tests, which kill it.
 */
public final class QueueInstanceMain {

    private QueueInstanceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PromptEngine engine = PromptEngine.builder().environment().provider(QueueModelProvider.hanging()).start();
        System.out.println("PORT=" + engine.port().orElseThrow());
        System.out.flush();
        Thread.currentThread().join();
    }
}
