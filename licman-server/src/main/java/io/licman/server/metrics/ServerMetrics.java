package io.licman.server.metrics;

import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerEvent;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ServerFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.HashMap;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics: checkouts by outcome, denials by reason, heartbeats, leases,
 * connections, seats and license expiry per feature, request latency, the report log, and JVM
 * figures. Counted from the ledger's events, so every path is counted once. Reference:
 * {@code docs/operations.md}.
 */
public final class ServerMetrics implements LedgerListener, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter grants;
    private final Counter queued;
    private final Counter checkins;
    private final Counter expirations;
    private final Counter removals;
    private final Counter renewals;
    private final Map<String, Counter> denials = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MultiGauge seatsUsed;
    private final MultiGauge seatsTotal;
    private final MultiGauge queueLength;
    private final MultiGauge overdraftUsed;
    private final MultiGauge expiry;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final java.util.List<Supplier<Number>> reportSuppliers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ServerMetrics() {
        grants = Counter.builder("licman_checkouts_granted").description("checkouts granted, from the queue included").register(registry);
        queued = Counter.builder("licman_checkouts_queued").description("checkouts put in a queue").register(registry);
        checkins = Counter.builder("licman_checkins").description("leases returned by their client").register(registry);
        expirations = Counter.builder("licman_leases_expired").description("leases ended because their client stopped renewing").register(registry);
        removals = Counter.builder("licman_leases_removed").description("leases removed by an administrator").register(registry);
        renewals = Counter.builder("licman_heartbeats").description("session heartbeats received").register(registry);
        seatsUsed = MultiGauge.builder("licman_seats_used").description("seats in use, overdraft included").register(registry);
        seatsTotal = MultiGauge.builder("licman_seats_licensed").description("licensed seats being served").register(registry);
        queueLength = MultiGauge.builder("licman_queue_length").description("requests waiting in the feature's queue").register(registry);
        overdraftUsed = MultiGauge.builder("licman_seats_overdraft").description("seats in use beyond the licensed count").register(registry);
        expiry = MultiGauge.builder("licman_license_expiry_timestamp_seconds")
                .description("when the feature's first valid license block expires, Unix seconds (absent when permanent)").register(registry);
        for (String type : new String[] {"checkout", "checkin", "heartbeat"}) {
            requestTimers.put(type, Timer.builder("licman_request").description("time from a request's arrival to its reply")
                    .tag("type", type).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(10)).register(registry));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** Registers gauges read from the server when scraped. */
    public void gauges(Supplier<Number> leases, Supplier<Number> connections, Supplier<Number> sessions) {
        Gauge.builder("licman_leases", leases::get).description("leases held now").register(registry);
        Gauge.builder("licman_connections", connections::get).description("open TCP connections").register(registry);
        Gauge.builder("licman_sessions", sessions::get).description("client sessions after their handshake").register(registry);
    }

    /** Registers the report log's counters: records written and dropped, and its queue. */
    public void reportLog(Supplier<Number> written, Supplier<Number> dropped, Supplier<Number> queued) {
        // Function counters hold their object weakly: keep the suppliers here so they live as long as the registry.
        reportSuppliers.add(written);
        reportSuppliers.add(dropped);
        FunctionCounter.builder("licman_report_records_written", written, s -> s.get().doubleValue())
                .description("records written to the report log").register(registry);
        FunctionCounter.builder("licman_report_records_dropped", dropped, s -> s.get().doubleValue())
                .description("records lost because the report log could not keep up or could not write").register(registry);
        Gauge.builder("licman_report_queue", queued::get).description("records waiting for the report log writer").register(registry);
    }

    /**
     * The hook for replication: registers {@code licman_raft_term}, {@code licman_raft_commit_lag}
     * (entries committed but not yet applied here) and {@code licman_raft_leader} (1 on the leader).
     * A standalone server does not call it.
     */
    public void replication(ReplicationStatus status) {
        Gauge.builder("licman_raft_term", status, s -> s.term()).description("the Raft term this server is in").register(registry);
        Gauge.builder("licman_raft_commit_lag", status, s -> s.commitLag()).description("log entries committed but not yet applied here")
                .register(registry);
        Gauge.builder("licman_raft_leader", status, s -> s.isLeader() ? 1 : 0).description("1 when this server is the Raft leader")
                .register(registry);
    }

    /** What replication reports to {@link #replication(ReplicationStatus)}; read at each scrape. */
    public interface ReplicationStatus {
        long term();

        long commitLag();

        boolean isLeader();
    }

    /**
     * A handler for one binary connection, placed between the frame decoder and the session: it
     * notes when each checkout, check-in and heartbeat arrives and records the time to its reply.
     */
    public io.netty.channel.ChannelHandler newRequestTimer() {
        return new RequestTimer();
    }

    private final class RequestTimer extends ChannelDuplexHandler {
        /** Request id → [type index, arrival nanos]; touched only on the connection's event loop. */
        private final Map<Long, long[]> pending = new HashMap<>();
        private final Timer[] timers = {requestTimers.get("checkout"), requestTimers.get("checkin"), requestTimers.get("heartbeat")};

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ClientFrame f && pending.size() < 1024) {
                int type = switch (f.getBodyCase()) {
                    case CHECKOUT -> 0;
                    case CHECKIN -> 1;
                    case HEARTBEAT -> 2;
                    default -> -1;
                };
                if (type >= 0 && f.getRequestId() != 0) {
                    pending.put(f.getRequestId(), new long[] {type, System.nanoTime()});
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ServerFrame f && f.getRequestId() != 0 && !pending.isEmpty()) {
                long[] p = pending.remove(f.getRequestId());
                if (p != null) {
                    timers[(int) p[0]].record(System.nanoTime() - p[1], java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }
            ctx.write(msg, promise);
        }
    }

    @Override
    public void applied(LedgerCommand command, Applied applied) {
        if (command instanceof LedgerCommand.RenewSession) {
            renewals.increment();
        }
        for (LedgerEvent event : applied.events()) {
            if (event instanceof LedgerEvent.Granted) {
                grants.increment();
            } else if (event instanceof LedgerEvent.Denied d) {
                denials.computeIfAbsent(d.reason().name(), reason -> Counter.builder("licman_checkouts_denied")
                        .description("checkouts denied, by reason").tag("reason", reason).register(registry)).increment();
            } else if (event instanceof LedgerEvent.Queued) {
                queued.increment();
            } else if (event instanceof LedgerEvent.CheckedIn) {
                checkins.increment();
            } else if (event instanceof LedgerEvent.Expired) {
                expirations.increment();
            } else if (event instanceof LedgerEvent.Removed) {
                removals.increment();
            }
        }
    }

    /** Publishes seat use per feature; called with a fresh ledger summary about once a second. */
    public void seats(java.util.List<io.licman.server.ledger.FeatureStatus> features) {
        java.util.List<MultiGauge.Row<?>> used = new java.util.ArrayList<>();
        java.util.List<MultiGauge.Row<?>> total = new java.util.ArrayList<>();
        java.util.List<MultiGauge.Row<?>> queue = new java.util.ArrayList<>();
        java.util.List<MultiGauge.Row<?>> overdraft = new java.util.ArrayList<>();
        java.util.List<MultiGauge.Row<?>> expires = new java.util.ArrayList<>();
        long now = System.currentTimeMillis();
        for (io.licman.server.ledger.FeatureStatus f : features) {
            Tags tags = Tags.of("vendor", f.vendor(), "feature", f.feature());
            used.add(MultiGauge.Row.of(tags, f.usedSeats()));
            // Seats of pools valid now: an expired or not yet started license serves nobody.
            total.add(MultiGauge.Row.of(tags, f.pools().stream().filter(p -> !p.orphaned() && !p.uncounted() && p.servedHere()
                    && p.validFrom() <= now && now < p.validUntil()).mapToInt(io.licman.server.ledger.PoolStatus::count).sum()));
            queue.add(MultiGauge.Row.of(tags, f.queued()));
            overdraft.add(MultiGauge.Row.of(tags, f.pools().stream().mapToInt(io.licman.server.ledger.PoolStatus::overdraftInUse).sum()));
            long first = f.pools().stream().filter(p -> !p.orphaned() && p.validUntil() > now && p.validFrom() <= now)
                    .mapToLong(io.licman.server.ledger.PoolStatus::validUntil).min().orElse(Long.MAX_VALUE);
            if (first != Long.MAX_VALUE) {
                expires.add(MultiGauge.Row.of(tags, first / 1000.0));
            }
        }
        seatsUsed.register(used, true);
        seatsTotal.register(total, true);
        queueLength.register(queue, true);
        overdraftUsed.register(overdraft, true);
        expiry.register(expires, true);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
