package io.promptengine.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A sending thread's view of one shared {@link HttpClient} (HTTP/1.1): the client keeps a pool of
 * keep-alive connections, one per thread with a request in flight.
 */
final class JdkConnection implements Connection {

    private final HttpClient client;
    private final HttpRequest request;
    private final boolean checkBody;

    JdkConnection(HttpClient client, HttpRequest request, boolean checkBody) {
        this.client = client;
        this.request = request;
        this.checkBody = checkBody;
    }

    static HttpClient newClient(int timeoutMs) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(timeoutMs))
                .build();
    }

    static HttpRequest newRequest(String baseUrl, Options o, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + o.path))
                .timeout(Duration.ofMillis(o.timeoutMs))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(o.body));
        String auth = o.authHeaderLine(key);
        int c = auth.indexOf(':');
        b.header(auth.substring(0, c).trim(), auth.substring(c + 1).trim());
        for (String h : o.headers) {
            int i = h.indexOf(':');
            b.header(h.substring(0, i).trim(), h.substring(i + 1).trim());
        }
        return b.build();
    }

    @Override
    public int exchange() throws IOException {
        HttpResponse<byte[]> r;
        try {
            r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        int status = r.statusCode();
        if (status == 200 && checkBody && !Connection.saysCompleted(r.body(), r.body().length)) {
            return BAD_BODY;
        }
        return status;
    }

    @Override
    public void close() {
        // the shared client owns the sockets
    }
}
