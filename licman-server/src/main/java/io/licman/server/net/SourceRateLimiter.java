package io.licman.server.net;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address, with a bounded table: the least recently seen sources are
 * forgotten first, so a flood from spoofed addresses cannot grow memory.
 */
final class SourceRateLimiter {

    private static final int MAX_SOURCES = 10_000;

    private final double perSecond;
    private final long burst;
    private final Map<InetAddress, double[]> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, double[]> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    SourceRateLimiter(double perSecond, long burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code source}; false when it has none left. */
    synchronized boolean tryAcquire(InetAddress source) {
        return tryAcquire(source, System.nanoTime());
    }

    synchronized boolean tryAcquire(InetAddress source, long nowNanos) {
        double[] bucket = buckets.computeIfAbsent(source, s -> new double[] {burst, nowNanos});
        double elapsed = (nowNanos - bucket[1]) / 1e9;
        bucket[0] = Math.min(burst, bucket[0] + elapsed * perSecond);
        bucket[1] = nowNanos;
        if (bucket[0] >= 1) {
            bucket[0] -= 1;
            return true;
        }
        return false;
    }
}
