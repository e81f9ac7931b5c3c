package io.licman.client.internal;

import com.google.protobuf.ByteString;
import io.licman.client.Lease;
import io.licman.client.LeaseLoss;
import io.licman.core.license.FeatureLicense;
import io.licman.core.protocol.v1.LeaseKey;
import java.time.Instant;
import java.util.Optional;

/**
 * A held lease and its state. The transitions return whether they changed anything, so the
 * engine emits each listener event once.
 */
final class LeaseImpl implements Lease {

    /** Where a lease is in its life. */
    enum State {
        /** Held and renewed. */
        VALID,
        /** Not renewed in time (connection trouble); may be regained by a Resume. */
        LOST,
        /** Gone for good: the server expired, revoked or no longer knows it. */
        GONE,
        /** Checked in by the application or by closing the client. */
        CLOSED
    }

    private final ClientEngine engine;
    private final long id;
    private final ByteString secret;
    private final String feature;
    private final String version;
    private final int count;
    private final FeatureLicense block;
    private final Long borrowedUntilMillis;
    private final Long borrowedUntilNanos;
    private final long ttlMillis;
    private final long heartbeatMillis;

    private State state = State.VALID;
    private long deadline;
    private LeaseLoss loss;

    /**
     * @param borrowedUntilMillis end of the borrow period on this machine's wall clock, for display; null: not borrowed
     * @param borrowedUntilNanos the same on the engine's monotonic ticker
     * @param deadline the renewal deadline on the engine's monotonic ticker
     */
    LeaseImpl(ClientEngine engine, long id, ByteString secret, String feature, String version, int count,
              FeatureLicense block, Long borrowedUntilMillis, Long borrowedUntilNanos, long ttlMillis,
              long heartbeatMillis, long deadline) {
        this.engine = engine;
        this.id = id;
        this.secret = secret;
        this.feature = feature;
        this.version = version;
        this.count = count;
        this.block = block;
        this.borrowedUntilMillis = borrowedUntilMillis;
        this.borrowedUntilNanos = borrowedUntilNanos;
        this.ttlMillis = ttlMillis;
        this.heartbeatMillis = heartbeatMillis;
        this.deadline = deadline;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String feature() {
        return feature;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Instant expiresAt() {
        long left;
        synchronized (this) {
            left = deadline - engine.nanos();
        }
        return Instant.now().plusNanos(left);
    }

    @Override
    public boolean isValid() {
        return isValidAt(engine.nanos());
    }

    synchronized boolean isValidAt(long now) {
        return state == State.VALID && (now - deadline < 0 || isBorrowedAt(now));
    }

    private boolean isBorrowedAt(long now) {
        return borrowedUntilNanos != null && now - borrowedUntilNanos < 0;
    }

    @Override
    public Optional<Instant> borrowedUntil() {
        return Optional.ofNullable(borrowedUntilMillis).map(Instant::ofEpochMilli);
    }

    @Override
    public FeatureLicense licenseBlock() {
        return block;
    }

    @Override
    public synchronized Optional<LeaseLoss> loss() {
        return Optional.ofNullable(loss);
    }

    @Override
    public void close() {
        engine.checkin(this);
    }

    LeaseKey key() {
        return LeaseKey.newBuilder().setLeaseId(id).setSecret(secret).build();
    }

    ByteString secret() {
        return secret;
    }

    long ttlMillis() {
        return ttlMillis;
    }

    long heartbeatMillis() {
        return heartbeatMillis;
    }

    synchronized State state() {
        return state;
    }

    /** Renewed until {@code newDeadline}; true when this regains a lost lease. */
    synchronized boolean renewed(long newDeadline) {
        if (state == State.GONE || state == State.CLOSED) {
            return false;
        }
        deadline = newDeadline;
        if (state == State.LOST) {
            state = State.VALID;
            loss = null;
            return true;
        }
        return false;
    }

    /** Marks the lease lost for now when its deadline passed at {@code now} (ticker nanos); true when it was valid. */
    synchronized boolean expireIfDue(long now, LeaseLoss why) {
        if (state != State.VALID || now - deadline < 0 || isBorrowedAt(now)) {
            return false;
        }
        state = State.LOST;
        loss = why;
        return true;
    }

    /** Marks the lease gone for good; true when it was held (valid or lost). */
    synchronized boolean gone(LeaseLoss why) {
        if (state != State.VALID && state != State.LOST) {
            return false;
        }
        state = State.GONE;
        loss = why;
        return true;
    }

    /** Marks the lease checked in; returns the state it had. */
    synchronized State markClosed() {
        State before = state;
        if (state != State.GONE) {
            state = State.CLOSED;
        }
        return before;
    }

    @Override
    public String toString() {
        return "Lease " + Long.toUnsignedString(id) + " of " + feature + " " + version + (count > 1 ? " x" + count : "")
                + " (" + state().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
