package io.promptengine.application.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The first answer to an idempotent request, kept to be sent again byte for byte: its status, the headers that
 * belong to the answer (content type, execution id, location, cache status; not the per-request ones such as the
 * request id or rate-limit headers) and its body.
 */
public record StoredResponse(int status, List<Header> headers, byte[] body) {

    /** One response header, in the order it is sent. */
    public record Header(String name, String value) {

        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public StoredResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        headers = List.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredResponse that && status == that.status && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "StoredResponse[status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
