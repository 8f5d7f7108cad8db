package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs from the operating system that some tests drive as users do (a real Prometheus, a real browser). A test
 * that needs one gets it here: installed with {@code apt-get} when it is missing and the suite runs as root on a
 * Debian-like system (as CI does), so that the README's test command needs nothing but a JDK and Maven there; a
 * clear failure naming the package otherwise. Never a silent skip.
 */
public final class SystemTools {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private SystemTools() {
    }

    /** The program at {@code /usr/bin/<command>}, installing {@code debianPackage} first when it is missing. */
    public static synchronized Path require(String command, String debianPackage) {
        Path program = Path.of("/usr/bin", command);
        if (Files.isExecutable(program)) {
            return program;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get")) || !"root".equals(System.getProperty("user.name"))) {
            fail("This test needs %s: install the Debian/Ubuntu package '%s' (apt-get install %s) or its equivalent",
                    program, debianPackage, debianPackage);
        }
        run(List.of("apt-get", "update", "-qq"));
        // no service of the package may start (Prometheus' own would listen on every interface): a policy-rc.d
        // that refuses every start, for the length of the install only, unless the system has one of its own
        Path policy = Path.of("/usr/sbin/policy-rc.d");
        boolean ours = !Files.exists(policy);
        if (ours) {
            write(policy);
        }
        try {
            run(List.of("apt-get", "install", "-y", "-qq", debianPackage));
        } finally {
            if (ours) {
                delete(policy);
            }
        }
        if (!Files.isExecutable(program)) {
            fail("apt-get installed '%s', but %s is still missing", debianPackage, program);
        }
        return program;
    }

    private static void write(Path policy) {
        try {
            Files.writeString(policy, "#!/bin/sh\nexit 101\n");
            if (!policy.toFile().setExecutable(true)) {
                fail("could not make %s executable", policy);
            }
        } catch (IOException e) {
            fail("could not write " + policy, e);
        }
    }

    private static void delete(Path policy) {
        try {
            Files.deleteIfExists(policy);
        } catch (IOException e) {
            fail("could not delete " + policy, e);
        }
    }

    private static void run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("%s took longer than %s", command, INSTALL_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                fail("%s exited with %d", command, process.exitValue());
            }
        } catch (IOException e) {
            fail("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running " + command, e);
        }
    }
}
