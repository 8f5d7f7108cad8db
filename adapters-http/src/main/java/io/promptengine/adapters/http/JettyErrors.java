package io.promptengine.adapters.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages for what never reaches a route (a malformed request line, headers too large, requests
 * refused while stopping), rewritten as the same JSON envelope the routes answer with.
 */
final class JettyErrors extends ErrorHandler {

    private final ErrorMapping errors;

    JettyErrors(ErrorMapping errors) {
        this.errors = errors;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String incoming = request.getHeaders().get(RequestIds.HEADER);
        String requestId = RequestIds.isSane(incoming) ? incoming : RequestIds.generate();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.write(true, ByteBuffer.wrap(body(request.getHttpURI().getPath(), code, message, requestId)),
                callback);
    }

    private byte[] body(String path, int status, String reason, String requestId) {
        String message = reason == null || reason.isBlank() ? "HTTP " + status : reason;
        return errors.envelope(path, status, ErrorMapping.code(status), message, null, requestId);
    }
}
