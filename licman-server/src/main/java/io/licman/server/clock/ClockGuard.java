package io.licman.server.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a system clock set back, so that licenses that have expired cannot be revived by
 * turning the clock back. The guard keeps the latest time the server has seen (a high-water
 * mark, persisted coarsely in the data directory so it survives restarts); while the clock is
 * more than the tolerance behind it, features whose licenses expire are refused, until the clock
 * catches up or an administrator acknowledges the new time ({@code licman clock ack}). Permanent
 * licenses are never refused, and a clock corrected by a few minutes (NTP) stays within the
 * tolerance.
 */
public final class ClockGuard {

    /** The high-water mark, epoch milliseconds as text, in the data directory. */
    public static final String MARK_FILE = "clock.mark";
    /** Written by {@code licman clock ack}; the server applies it within a second and removes it. */
    public static final String ACK_FILE = "clock.ack";
    /** Every acknowledgement, one line each, kept for the record. */
    public static final String HISTORY_FILE = "clock.history";
    /** The default tolerance. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(ClockGuard.class);
    private static final long PERSIST_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();

    private final Path directory;
    private final Clock clock;
    private final long toleranceMillis;
    private final AtomicLong mark = new AtomicLong(Long.MIN_VALUE);
    private volatile long persisted = Long.MIN_VALUE;
    private volatile boolean reported;

    private ClockGuard(Path directory, Clock clock, Duration tolerance) {
        this.directory = directory;
        this.clock = clock;
        this.toleranceMillis = tolerance.toMillis();
    }

    /**
     * Opens the guard of a data directory: reads the persisted mark and applies a pending
     * acknowledgement.
     */
    public static ClockGuard open(Path dataDirectory, Clock clock, Duration tolerance) {
        ClockGuard guard = new ClockGuard(dataDirectory, clock, tolerance);
        guard.mark.set(readMark(dataDirectory.resolve(MARK_FILE)));
        guard.persisted = guard.mark.get();
        guard.tick();
        return guard;
    }

    /** Housekeeping, once a second: advances the mark, applies an acknowledgement, persists now and then, logs changes. */
    public void tick() {
        if (Files.exists(directory.resolve(ACK_FILE))) {
            acknowledge(readAckNote());
        }
        long now = observe();
        boolean back = isSetBack(now);
        if (back && !reported) {
            reported = true;
            LOG.warn("the system clock ({}) is {} behind the latest time this server has seen ({}); licenses that expire are not served "
                    + "until the clock is right again or an administrator runs 'licman clock ack' (permanent licenses are served)",
                    Instant.ofEpochMilli(now), Duration.ofMillis(mark.get() - now), Instant.ofEpochMilli(mark.get()));
        } else if (!back && reported) {
            reported = false;
            LOG.info("the system clock has caught up; licenses that expire are served again");
        }
        if (!back && mark.get() - persisted >= PERSIST_EVERY_MILLIS) {
            persist();
        }
    }

    /** True while the clock is more than the tolerance behind the high-water mark. */
    public boolean isSetBack() {
        return isSetBack(observe());
    }

    /** Why a checkout of a feature with expiring licenses is refused now, or empty when it is not. */
    public Optional<String> refusal() {
        long now = observe();
        if (!isSetBack(now)) {
            return Optional.empty();
        }
        return Optional.of("the server's clock is " + Duration.ofMillis(mark.get() - now).toMinutes() + " minutes behind the latest time it has seen ("
                + Instant.ofEpochMilli(mark.get()) + "), so licenses that expire are not served until the clock is right again "
                + "or the administrator runs 'licman clock ack'");
    }

    /** The high-water mark, epoch milliseconds. */
    public long mark() {
        return mark.get();
    }

    /** Accepts the current time as right: the mark moves back to it, and the change is recorded. */
    public void acknowledge(String note) {
        long now = clock.millis();
        long before = mark.getAndSet(now);
        reported = false;
        LOG.warn("clock acknowledged{}: the latest time seen moves from {} back to the system clock, {}",
                note.isEmpty() ? "" : " (" + note + ")", Instant.ofEpochMilli(before), Instant.ofEpochMilli(now));
        try {
            Files.writeString(directory.resolve(HISTORY_FILE), Instant.ofEpochMilli(now) + " acknowledged; latest time seen was "
                    + Instant.ofEpochMilli(before) + (note.isEmpty() ? "" : "; " + note) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.deleteIfExists(directory.resolve(ACK_FILE));
        } catch (IOException e) {
            LOG.warn("cannot record the clock acknowledgement in {}: {}", directory, e.getMessage());
        }
        persist();
    }

    /** Writes the mark now (also at shutdown). */
    public void persist() {
        long value = mark.get();
        Path file = directory.resolve(MARK_FILE);
        try {
            Path temp = Files.createTempFile(directory, "." + MARK_FILE, ".tmp");
            try {
                Files.writeString(temp, value + "\n", StandardCharsets.US_ASCII);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                persisted = value;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            LOG.warn("cannot write the clock mark {}: {}", file, e.getMessage());
        }
    }

    private long observe() {
        long now = clock.millis();
        mark.accumulateAndGet(now, Math::max);
        return now;
    }

    private boolean isSetBack(long now) {
        long m = mark.get();
        return m != Long.MIN_VALUE && now < m - toleranceMillis;
    }

    private String readAckNote() {
        try {
            String text = Files.readString(directory.resolve(ACK_FILE), StandardCharsets.UTF_8).strip();
            return (text.length() > 200 ? text.substring(0, 200) : text).replaceAll("\\p{Cntrl}", " ");
        } catch (IOException e) {
            return "";
        }
    }

    private static long readMark(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
