package io.licman.server.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log which limit was hit, once per interval per limit: the first hit is logged at
 * once, later ones are counted and the count is given with the next line, so a flood cannot
 * flood the log.
 */
public final class LimitLog {

    private static final Logger LOG = LoggerFactory.getLogger(LimitLog.class);
    private static final long DEFAULT_INTERVAL_NANOS = 60_000_000_000L;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile long lastLogged;
        final AtomicLong suppressed = new AtomicLong();
        final AtomicLong total = new AtomicLong();

        Entry(long lastLogged) {
            this.lastLogged = lastLogged;
        }
    }

    public LimitLog() {
        this(DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    LimitLog(long intervalNanos, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * Records a hit of {@code limit} (a config key such as {@code max-connections}); logs
     * {@code detail} unless this limit was logged less than an interval ago.
     *
     * @return true when a line was written
     */
    public boolean hit(String limit, String detail) {
        return record(limit, "limit " + limit + " reached: " + detail);
    }

    /** Logs {@code message} unless a message of {@code kind} was logged less than an interval ago. */
    public boolean note(String kind, String message) {
        return record(kind, message);
    }

    private boolean record(String limit, String line) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.computeIfAbsent(limit, k -> new Entry(now - intervalNanos));
        entry.total.incrementAndGet();
        long last = entry.lastLogged;
        if (now - last < intervalNanos) {
            entry.suppressed.incrementAndGet();
            return false;
        }
        synchronized (entry) {
            if (entry.lastLogged != last) {
                entry.suppressed.incrementAndGet();
                return false;
            }
            entry.lastLogged = now;
        }
        long more = entry.suppressed.getAndSet(0);
        LOG.warn("{}{}", line, more == 0 ? "" : " (and " + more + " more times since the last report)");
        return true;
    }

    /** How often {@code limit} was hit since the server started. */
    public long count(String limit) {
        Entry entry = entries.get(limit);
        return entry == null ? 0 : entry.total.get();
    }
}
