package io.promptengine.bootstrap;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar prompt-engine.jar}: reads the configuration, starts the server, stops it on SIGTERM. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment();
        } catch (Config.InvalidConfigException e) {
            System.err.println("prompt-engine: " + e.getMessage());
            System.exit(2);
            return;
        }
        Application app = Application.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "pe-shutdown"));
        app.generatedDemoKey().ifPresent(Main::announceDemoKey);
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("Prompt Engine listening on http://{}:{} (ready {} ms after JVM start; Java {}; {} threads)",
                config.bindHost(), app.port(), sinceJvmStart, Runtime.version().feature(),
                Threads.virtualThreadsAvailable() ? "virtual" : "platform");
    }

    /** Printed to the console, not the log, and only on the start that created it. */
    private static void announceDemoKey(String key) {
        System.out.println();
        System.out.println("  Demo tenant 'demo' created. Its API key, shown this once:");
        System.out.println();
        System.out.println("    " + key);
        System.out.println();
        System.out.println("  Keep it: only its hash is stored. Set PE_DEMO_KEY to choose the key yourself.");
        System.out.println();
    }
}
