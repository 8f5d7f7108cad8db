package com.example.host;

/**
 * Runs the example host: {@code java com.example.host.Main [port]}, 8080 by default, until the process stops; the
 * demo tenant's key for {@code /llm} is {@code PE_DEMO_KEY}, or the example's own.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        String demoKey = System.getenv().getOrDefault("PE_DEMO_KEY", "pe_live_embedded_host_demo_key_0123456789");
        HostApplication host = HostApplication.start("127.0.0.1", port, demoKey);
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "host-stop"));
        System.out.println("Host on http://127.0.0.1:" + host.port() + ": GET /hello, POST /summaries, and the Prompt Engine API under /llm");
    }
}
