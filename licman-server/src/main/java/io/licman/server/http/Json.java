package io.licman.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/** The API's one JSON mapper and small helpers. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    static JsonNode body(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
    }

    /** An ISO-8601 UTC time, or null for 0 / unbounded. */
    static String time(long epochMillis) {
        return epochMillis <= 0 || epochMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
