package io.promptengine.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for workers: virtual threads on JDK 21+, platform threads on 17. The code compiles with
 * {@code --release 17}, so the JDK 21 API is reached through method handles, looked up once.
 */
final class Threads {

    private Threads() {
    }

    /** Whether this JVM has virtual threads (JDK 21+). */
    static boolean virtualThreadsAvailable() {
        return virtualFactory("probe").isPresent();
    }

    /** Virtual threads named {@code prefix-N} where available, otherwise daemon platform threads. */
    static ThreadFactory named(String prefix) {
        return virtualFactory(prefix).orElseGet(() -> platformFactory(prefix));
    }

    private static ThreadFactory platformFactory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Optional<ThreadFactory> virtualFactory(String prefix) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualClass));
            MethodHandle name = lookup.findVirtual(ofVirtualClass, "name",
                    MethodType.methodType(ofVirtualClass, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class));
            Object builder = name.invoke(ofVirtual.invoke(), prefix + "-", 1L);
            return Optional.of((ThreadFactory) factory.invoke(builder));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.empty();
        } catch (Throwable e) {
            throw new IllegalStateException("virtual threads exist but could not be created", e);
        }
    }
}
