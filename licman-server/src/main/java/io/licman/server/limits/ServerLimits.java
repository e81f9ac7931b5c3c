package io.licman.server.limits;

import java.net.InetAddress;

/**
 * The limits of a running server that need state: per-address token buckets for checkouts and
 * for refused credentials, and the {@link LimitLog}. Thread-safe.
 */
public final class ServerLimits {

    private final LimitSettings settings;
    private final TokenBuckets checkouts;
    private final TokenBuckets authFailures;
    private final LimitLog log = new LimitLog();

    public ServerLimits(LimitSettings settings) {
        this.settings = settings;
        this.checkouts = new TokenBuckets(settings.checkoutsPerSecond(), 2.0 * settings.checkoutsPerSecond());
        this.authFailures = new TokenBuckets(settings.authFailuresPerMinute() / 60.0, settings.authFailuresPerMinute());
    }

    /** Defaults everywhere, shared; for embedders and tests that configure nothing. */
    public static final ServerLimits DEFAULTS = new ServerLimits(LimitSettings.defaults());

    public LimitSettings settings() {
        return settings;
    }

    public LimitLog log() {
        return log;
    }

    /**
     * Counts a checkout from {@code address}.
     *
     * @return 0 to go ahead, else the milliseconds to wait ({@code RATE_LIMITED} with {@code retry_after_ms})
     */
    public long checkout(InetAddress address) {
        if (address.isLoopbackAddress() && !settings.checkoutRateOnLoopback()) {
            return 0;
        }
        long wait = checkouts.take(address);
        if (wait > 0) {
            log.hit("max-checkouts-per-second", "checkouts from " + address.getHostAddress() + " over "
                    + settings.checkoutsPerSecond() + " a second are refused with RATE_LIMITED");
        }
        return wait;
    }

    /**
     * Whether {@code address} may present a credential now.
     *
     * @return 0 when it may, else the milliseconds until it may
     */
    public long credentialWait(InetAddress address) {
        long wait = authFailures.waitFor(address);
        if (wait > 0) {
            log.hit("max-auth-failures-per-minute", address.getHostAddress() + " sent more than " + settings.authFailuresPerMinute()
                    + " refused tokens in a minute; its next attempts are refused unchecked for a while");
        }
        return wait;
    }

    /** Counts a refused admin or API token from {@code address}. */
    public void credentialRefused(InetAddress address) {
        authFailures.take(address);
    }
}
