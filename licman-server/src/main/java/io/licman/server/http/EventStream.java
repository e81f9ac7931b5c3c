package io.licman.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.licman.server.auth.Principal;
import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.LedgerCommand;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/events}: server-sent events for the dashboard. Every ledger change marks the
 * view dirty; at most one {@code update} event (seat use per feature, with a sequence number that
 * tells clients to refetch leases, queue and denials) goes out per {@value #MIN_INTERVAL_MS} ms,
 * and the first within {@value #COALESCE_MS} ms of a change. A slow client skips updates rather
 * than buffering them; a client whose token was revoked is disconnected at the next update.
 */
final class EventStream implements LedgerListener {

    static final long MIN_INTERVAL_MS = 500;
    static final long COALESCE_MS = 100;
    static final long KEEP_ALIVE_SECONDS = 15;

    private final ApiContext context;
    private final ScheduledExecutorService scheduler;
    private final Map<Channel, Predicate<Principal>> subscribers = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong seq = new AtomicLong();
    private volatile long lastBroadcast;

    EventStream(ApiContext context, ScheduledExecutorService scheduler) {
        this.context = context;
        this.scheduler = scheduler;
        scheduler.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Adds a stream; {@code stillAllowed} is asked before each update whether its token still
     * holds. Sends the current state at once.
     */
    void subscribe(Channel channel, Predicate<Principal> stillAllowed, Principal principal) {
        subscribers.put(channel, p -> stillAllowed.test(principal));
        channel.closeFuture().addListener(f -> subscribers.remove(channel));
        render().thenAccept(message -> send(channel, message));
    }

    int subscribers() {
        return subscribers.size();
    }

    @Override
    public void applied(LedgerCommand command, Applied applied) {
        if (!applied.events().isEmpty()) {
            seq.incrementAndGet();
            if (!subscribers.isEmpty() && scheduled.compareAndSet(false, true)) {
                long wait = Math.max(COALESCE_MS, lastBroadcast + MIN_INTERVAL_MS - System.currentTimeMillis());
                scheduler.schedule(this::broadcast, wait, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void broadcast() {
        scheduled.set(false);
        lastBroadcast = System.currentTimeMillis();
        render().thenAccept(message -> subscribers.forEach((channel, allowed) -> {
            if (!allowed.test(null)) {
                channel.close();
            } else if (channel.isWritable()) {
                send(channel, message);
            }
        }));
    }

    private java.util.concurrent.CompletableFuture<String> render() {
        long now = context.server().ledger().now();
        long n = seq.get();
        return context.server().ledger().read(ledger -> {
            ObjectNode node = Json.MAPPER.createObjectNode().put("seq", n).put("time", Json.time(now)).put("leases", ledger.leaseCount())
                    .put("queued", ledger.queue().size());
            node.set("features", Views.features(ledger.features(), now));
            return "event: update\nid: " + n + "\ndata: " + node + "\n\n";
        }).exceptionally(e -> null).thenApply(m -> m == null ? ": unavailable\n\n" : m);
    }

    private void keepAlive() {
        subscribers.keySet().forEach(channel -> send(channel, ": keep-alive\n\n"));
    }

    private static void send(Channel channel, String message) {
        if (channel.isActive()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)));
        }
    }
}
