package io.licman.server.limits;

import io.licman.core.license.DurationText;
import java.time.Duration;
import java.util.List;

/**
 * The abuse limits of a server, each a config key with a default (table in {@code docs/server.md}).
 * The connection and frame limits predate this class and stay in {@code ServerConfig}.
 *
 * @param idleTimeout a binary session that sends nothing this long is closed; null: one lease TTL
 * @param maxLeasesPerSession leases one session may hold (checkouts and resumes beyond get {@code LIMIT_REACHED})
 * @param maxQueuedPerSession queued checkouts one session may have waiting ({@code QUEUE_FULL} beyond)
 * @param maxPendingRequests requests one session may have waiting for an answer ({@code LIMIT_REACHED} beyond)
 * @param checkoutsPerSecond checkouts per second from one client address, with bursts of twice that ({@code RATE_LIMITED})
 * @param authFailuresPerMinute refused admin or API tokens per minute from one address before further attempts are refused unchecked
 * @param httpMaxHeaderBytes the request line and headers of an HTTP request ({@code 431}, {@code 414})
 * @param httpMaxBodyBytes an HTTP request body ({@code 413})
 * @param httpRequestTimeout an HTTP request must arrive whole within this of its first byte ({@code 408})
 * @param httpIdleTimeout a kept-alive HTTP connection with no request this long is closed
 * @param udpRepliesPerSecond discovery replies per second to one source address
 * @param checkoutRateOnLoopback whether {@code max-checkouts-per-second} applies to clients on this
 *     machine too (off by default: they share one address, and load tests run there)
 */
public record LimitSettings(Duration idleTimeout, int maxLeasesPerSession, int maxQueuedPerSession, int maxPendingRequests,
                            int checkoutsPerSecond, int authFailuresPerMinute, int httpMaxHeaderBytes, int httpMaxBodyBytes,
                            Duration httpRequestTimeout, Duration httpIdleTimeout, int udpRepliesPerSecond,
                            boolean checkoutRateOnLoopback) {

    /** The config keys these settings come from. */
    public static final List<String> KEYS = List.of("idle-timeout", "max-leases-per-session", "max-queued-per-session",
            "max-pending-requests", "max-checkouts-per-second", "max-auth-failures-per-minute", "http-max-header-bytes",
            "http-max-body-bytes", "http-request-timeout", "http-idle-timeout", "udp-replies-per-second",
            "checkout-rate-on-loopback");

    public LimitSettings {
        if (idleTimeout != null) {
            requireBetween("idle-timeout", idleTimeout, Duration.ofSeconds(1), Duration.ofDays(1));
        }
        requireBetween("max-leases-per-session", maxLeasesPerSession, 1, 1_000_000);
        requireBetween("max-queued-per-session", maxQueuedPerSession, 1, 100_000);
        requireBetween("max-pending-requests", maxPendingRequests, 1, 100_000);
        requireBetween("max-checkouts-per-second", checkoutsPerSecond, 1, 10_000_000);
        requireBetween("max-auth-failures-per-minute", authFailuresPerMinute, 1, 1_000_000);
        requireBetween("http-max-header-bytes", httpMaxHeaderBytes, 1024, 1 << 20);
        requireBetween("http-max-body-bytes", httpMaxBodyBytes, 1024, 64 << 20);
        requireBetween("http-request-timeout", httpRequestTimeout, Duration.ofMillis(100), Duration.ofHours(1));
        requireBetween("http-idle-timeout", httpIdleTimeout, Duration.ofMillis(100), Duration.ofDays(1));
        requireBetween("udp-replies-per-second", udpRepliesPerSecond, 1, 1_000_000);
    }

    /** The defaults: generous for any real site, small enough that no single client can exhaust the server. */
    public static LimitSettings defaults() {
        return new LimitSettings(null, 10_000, 256, 256, 500, 10, 16 * 1024, 64 * 1024, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 20, false);
    }

    /** The idle timeout of binary sessions: the setting, or one lease TTL. */
    public Duration idleTimeout(Duration leaseTtl) {
        return idleTimeout != null ? idleTimeout : leaseTtl;
    }

    /** A copy with one config key set. */
    public LimitSettings with(String key, String value) {
        Duration d = key.endsWith("timeout") ? duration(value) : null;
        int n = d == null && !key.equals("checkout-rate-on-loopback") ? integer(value) : 0;
        return switch (key) {
            case "idle-timeout" -> new LimitSettings(d, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests, checkoutsPerSecond,
                    authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "max-leases-per-session" -> new LimitSettings(idleTimeout, n, maxQueuedPerSession, maxPendingRequests, checkoutsPerSecond,
                    authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "max-queued-per-session" -> new LimitSettings(idleTimeout, maxLeasesPerSession, n, maxPendingRequests, checkoutsPerSecond,
                    authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "max-pending-requests" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, n, checkoutsPerSecond,
                    authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "max-checkouts-per-second" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests, n,
                    authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "max-auth-failures-per-minute" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests,
                    checkoutsPerSecond, n, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "http-max-header-bytes" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests,
                    checkoutsPerSecond, authFailuresPerMinute, n, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "http-max-body-bytes" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests,
                    checkoutsPerSecond, authFailuresPerMinute, httpMaxHeaderBytes, n, httpRequestTimeout, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "http-request-timeout" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests,
                    checkoutsPerSecond, authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, d, httpIdleTimeout, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "http-idle-timeout" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests,
                    checkoutsPerSecond, authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, d, udpRepliesPerSecond, checkoutRateOnLoopback);
            case "udp-replies-per-second" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests,
                    checkoutsPerSecond, authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout, n, checkoutRateOnLoopback);
            case "checkout-rate-on-loopback" -> new LimitSettings(idleTimeout, maxLeasesPerSession, maxQueuedPerSession, maxPendingRequests,
                    checkoutsPerSecond, authFailuresPerMinute, httpMaxHeaderBytes, httpMaxBodyBytes, httpRequestTimeout, httpIdleTimeout,
                    udpRepliesPerSecond, bool(value));
            default -> throw new IllegalArgumentException("not a limit key: " + key);
        };
    }

    /** A duration as elsewhere in the config file ({@code 30s}, {@code 2m}), or in milliseconds ({@code 500ms}). */
    private static Duration duration(String value) {
        if (value.matches("\\d{1,9}ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        return DurationText.parse(value);
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not yes or no");
        };
    }

    private static int integer(String value) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
        return Integer.parseInt(value);
    }

    private static void requireBetween(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " " + value + " must be between " + min + " and " + max);
        }
    }

    private static void requireBetween(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " " + value + " must be between " + min + " and " + max);
        }
    }
}
