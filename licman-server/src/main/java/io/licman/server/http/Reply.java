package io.licman.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP answer of the API.
 *
 * @param status the HTTP status
 * @param contentType the media type of {@code body}
 * @param body the bytes to send (empty for 204)
 * @param headers further headers
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** The marker a handler returns to turn the connection into a server-sent event stream. */
    static final Reply EVENT_STREAM = new Reply(200, "text/event-stream", new byte[0], Map.of());

    static Reply json(int status, Object value) {
        return new Reply(status, "application/json", Json.bytes(value), Map.of());
    }

    static Reply json(Object value) {
        return json(200, value);
    }

    static Reply text(String contentType, String body) {
        return new Reply(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Reply noContent() {
        return new Reply(204, "application/json", new byte[0], Map.of());
    }

    static Reply problem(ApiException e) {
        return problem(e.status(), e.slug(), e.title(), e.getMessage(), Map.of());
    }

    static Reply problem(int status, String slug, String title, String detail, Map<String, String> headers) {
        var node = Json.MAPPER.createObjectNode().put("type", "urn:licman:problem:" + slug).put("title", title).put("status", status)
                .put("detail", detail);
        return new Reply(status, "application/problem+json", Json.bytes(node), headers);
    }
}
