package io.licman.server.metrics;

import io.licman.server.engine.LedgerListener;
import io.licman.server.ledger.Applied;
import io.licman.server.ledger.LedgerCommand;
import io.licman.server.ledger.LedgerEvent;
import io.micrometer.core.instrument.Counter;
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
 * connections and JVM figures. Counted from the ledger's events, so every path is counted once.
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

    public ServerMetrics() {
        grants = Counter.builder("licman_checkouts_granted").description("checkouts granted, from the queue included").register(registry);
        queued = Counter.builder("licman_checkouts_queued").description("checkouts put in a queue").register(registry);
        checkins = Counter.builder("licman_checkins").description("leases returned by their client").register(registry);
        expirations = Counter.builder("licman_leases_expired").description("leases ended because their client stopped renewing").register(registry);
        removals = Counter.builder("licman_leases_removed").description("leases removed by an administrator").register(registry);
        renewals = Counter.builder("licman_heartbeats").description("session heartbeats received").register(registry);
        seatsUsed = MultiGauge.builder("licman_seats_used").description("seats in use, overdraft included").register(registry);
        seatsTotal = MultiGauge.builder("licman_seats_total").description("licensed seats being served").register(registry);
        queueLength = MultiGauge.builder("licman_queue_length").description("requests waiting in the feature's queue").register(registry);
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
        for (io.licman.server.ledger.FeatureStatus f : features) {
            Tags tags = Tags.of("vendor", f.vendor(), "feature", f.feature());
            used.add(MultiGauge.Row.of(tags, f.usedSeats()));
            total.add(MultiGauge.Row.of(tags, f.totalSeats()));
            queue.add(MultiGauge.Row.of(tags, f.queued()));
        }
        seatsUsed.register(used, true);
        seatsTotal.register(total, true);
        queueLength.register(queue, true);
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
