package io.licman.server.net;

/** What the HTTP side of port 1384 answers; the server implements it. */
public interface HttpRoutes {

    /** JSON for {@code GET /health}. */
    HealthReport health();

    /** Prometheus text exposition for {@code GET /metrics}. */
    String metrics();

    /**
     * A new handler for one HTTP connection that answers before {@code /health} and
     * {@code /metrics} (the API and dashboard), passing other requests on; null for none.
     */
    default io.netty.channel.ChannelHandler apiHandler() {
        return null;
    }

    /**
     * A health answer.
     *
     * @param healthy true for 200, false for 503
     * @param json the body
     */
    record HealthReport(boolean healthy, String json) {
    }
}
