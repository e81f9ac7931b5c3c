package io.licman.server.limits;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address, in a bounded table: the least recently seen addresses are
 * forgotten first (they start again with a full bucket), so a flood from many addresses cannot
 * grow memory.
 */
public final class TokenBuckets {

    private static final int MAX_ADDRESSES = 10_000;

    private final double perSecond;
    private final double burst;
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /**
     * @param perSecond tokens added per second
     * @param burst the bucket's size: how many may be taken at once after a quiet time
     */
    public TokenBuckets(double perSecond, double burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate must be positive and a burst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes a token; 0 when there was one, else the milliseconds until there will be (at least 1). */
    public long take(InetAddress address) {
        return take(address, System.nanoTime(), 1);
    }

    /** Milliseconds until {@code address} has a token, without taking one; 0 now. */
    public long waitFor(InetAddress address) {
        return take(address, System.nanoTime(), 0);
    }

    synchronized long take(InetAddress address, long nowNanos, int tokens) {
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, nowNanos));
        bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, nowNanos - bucket.at) / 1e9 * perSecond);
        bucket.at = nowNanos;
        if (bucket.tokens >= 1) {
            bucket.tokens -= tokens;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond * 1000));
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
