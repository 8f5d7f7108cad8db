package com.example.host;

/** Runs the example host: {@code java com.example.host.Main [port]}, 8080 by default, until the process stops. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        HostApplication host = HostApplication.start("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "host-stop"));
        System.out.println("Host on http://127.0.0.1:" + host.port() + ": GET /hello, POST /summaries");
    }
}
