package io.promptengine.bootstrap;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar prompt-engine.jar}: reads the configuration from the environment, starts a {@link PromptEngine}
 * serving HTTP on it, closes it on SIGTERM. With a command ({@code tenants}, {@code plans}, {@code keys}; see
 * {@code --help}) it runs that on the database instead.
 */
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
        if (!Cli.servesHttp(args)) {
            System.exit(Cli.run(config, args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
            return;
        }
        PromptEngine engine;
        try {
            engine = PromptEngine.builder().environment().start();
        } catch (Config.InvalidConfigException e) {
            System.err.println("prompt-engine: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "pe-shutdown"));
        engine.generatedDemoKey().ifPresent(Main::announceDemoKey);
        engine.generatedOperatorKey().ifPresent(Main::announceOperatorKey);
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("Prompt Engine listening on http://{}:{} (ready {} ms after JVM start; Java {}; {} threads)",
                config.bindHost(), engine.port().orElseThrow(), sinceJvmStart, Runtime.version().feature(),
                Threads.virtualThreadsAvailable() ? "virtual" : "platform");
    }

    private static void announceDemoKey(String key) {
        announce("Demo tenant 'demo' created. Its API key, shown this once:", key,
                "Keep it: only its hash is stored. Set PE_DEMO_KEY to choose the key yourself.");
    }

    private static void announceOperatorKey(String key) {
        announce("Operator key generated. It manages tenants and plans under /v1/admin; shown this once:", key,
                "Keep it: only its hash is stored. Set PE_ADMIN_KEY to choose (or rotate) it yourself.");
    }

    /**
     * Printed to the console, not the log, and only on the start that created the key: on standard output, or on
     * standard error while the log writes JSON lines there, so that standard output holds nothing else.
     */
    private static void announce(String headline, String key, String advice) {
        PrintStream console = LogSetup.writesJson() ? System.err : System.out;
        console.println();
        console.println("  " + headline);
        console.println();
        console.println("    " + key);
        console.println();
        console.println("  " + advice);
        console.println();
    }
}
