package io.licman.server.http;

import io.licman.server.engine.LedgerListener;
import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The administrator's view over HTTP on port 1384: the JSON API under {@code /api/v1}, its live
 * event stream, and the web dashboard at {@code /}. The server registers {@link #listeners()}
 * with the ledger and installs {@link #newHandler()} in each HTTP connection's pipeline.
 */
public final class HttpApi implements AutoCloseable {

    private final ApiContext context;
    private final RestApi rest;
    private final StaticFiles files = new StaticFiles();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "licman-http-events");
        t.setDaemon(true);
        return t;
    });
    private final EventStream events;

    public HttpApi(ApiContext context) {
        this.context = context;
        this.rest = new RestApi(context);
        this.events = new EventStream(context, scheduler);
    }

    /** A handler for one HTTP connection. */
    public ChannelHandler newHandler() {
        return new ApiHandler(this);
    }

    /** What must hear the ledger's events: the live event stream and the recent denials. */
    public List<LedgerListener> listeners() {
        return List.of(context.denials(), events);
    }

    public RestApi rest() {
        return rest;
    }

    ApiContext context() {
        return context;
    }

    StaticFiles files() {
        return files;
    }

    EventStream events() {
        return events;
    }

    /** Open event streams. */
    public int eventSubscribers() {
        return events.subscribers();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
