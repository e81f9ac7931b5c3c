package io.licman.server.http;

/**
 * An HTTP API error, answered as {@code application/problem+json} (RFC 9457) with type
 * {@code urn:licman:problem:SLUG}. The detail is written for the caller: it never holds a token,
 * a stack trace or another user's data.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    ApiException(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad Request", detail);
    }

    static ApiException notFound(String slug, String detail) {
        return new ApiException(404, slug, "Not Found", detail);
    }

    static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail);
    }

    int status() {
        return status;
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }
}
