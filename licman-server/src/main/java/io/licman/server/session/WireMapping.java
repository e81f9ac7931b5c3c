package io.licman.server.session;

import com.google.protobuf.ByteString;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileWriter;
import io.licman.core.protocol.v1.Denied;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Holder;
import io.licman.server.ledger.DenialReason;
import io.licman.server.ledger.Grant;
import io.licman.server.ledger.LedgerResult;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Converts the ledger's results into protocol messages. */
public final class WireMapping {

    private WireMapping() {
    }

    /** The {@code Granted} message for a grant; carries the secret, so send it only to its client. */
    public static Granted granted(Grant grant, long now) {
        Granted.Builder b = Granted.newBuilder()
                .setLeaseId(grant.lease().value())
                .setLeaseSecret(com.google.protobuf.ByteString.copyFrom(grant.secret().bytes()))
                .setExpiresAtEpochMs(grant.deadline())
                .setHeartbeatIntervalMs(clampToInt(grant.heartbeatMillis()))
                .setTtlMs(clampToInt(grant.heartbeatMillis() * 3))
                .setOverdraft(grant.overdraftSeats() > 0)
                .setShared(grant.shared())
                .setVersion(grant.version().toString())
                .setCount(grant.count())
                .setBorrowedUntilEpochMs(grant.borrowedUntil());
        for (FeatureLicense block : grant.blocks()) {
            b.addLicenseTextBytes(blockText(block));
        }
        return b.build();
    }

    /**
     * Block texts by block identity, per thread: the ledger's pools hold the same block objects
     * for every grant, so each is encoded once (without the site's unsigned notes) per event loop
     * instead of per grant, and no lock is shared between event loops.
     */
    private static final ThreadLocal<Map<FeatureLicense, ByteString>> BLOCK_TEXT = ThreadLocal.withInitial(IdentityHashMap::new);
    private static final int MAX_CACHED_BLOCKS = 100_000;

    private static ByteString blockText(FeatureLicense block) {
        Map<FeatureLicense, ByteString> cache = BLOCK_TEXT.get();
        ByteString text = cache.get(block);
        if (text == null) {
            text = ByteString.copyFromUtf8(LicenseFileWriter.write(block.toBuilder().clearUnsigned().build()));
            if (cache.size() >= MAX_CACHED_BLOCKS) {
                cache.clear();
            }
            cache.put(block, text);
        }
        return text;
    }

    /** The {@code Denied} message for a denial. */
    public static Denied denied(LedgerResult.Denied denied) {
        Denied.Builder b = Denied.newBuilder().setReason(reason(denied.reason())).setMessage(denied.message());
        for (io.licman.server.ledger.Holder h : denied.holders()) {
            b.addHolders(Holder.newBuilder().setUser(h.user()).setHost(h.host()).setSinceEpochMs(h.since()).setCount(1));
        }
        return b.build();
    }

    /** A {@code Denied} message with a reason the ledger does not produce (queue timeout, queue full). */
    public static Denied denied(io.licman.core.protocol.v1.DenialReason reason, String message) {
        return Denied.newBuilder().setReason(reason).setMessage(message).build();
    }

    /** The protocol's denial reason for the ledger's. */
    public static io.licman.core.protocol.v1.DenialReason reason(DenialReason reason) {
        return switch (reason) {
            case NO_SUCH_FEATURE, NOT_A_NAMED_USER_FEATURE -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_NO_SUCH_FEATURE;
            case VERSION_TOO_LOW -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_VERSION_TOO_LOW;
            case NOT_YET_VALID -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_NOT_YET_VALID;
            case EXPIRED -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_EXPIRED;
            case ALL_SEATS_IN_USE -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_ALL_SEATS_IN_USE;
            case EXCLUDED_BY_POLICY -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_EXCLUDED_BY_POLICY;
            case USER_MAX_REACHED -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_USER_MAX_REACHED;
            case RESERVED_FOR_OTHERS -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_RESERVED_FOR_OTHERS;
            case HOST_BINDING_MISMATCH -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_HOST_BINDING_MISMATCH;
            case BORROWING_NOT_ALLOWED -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_BORROWING_NOT_ALLOWED;
            case BORROW_TOO_LONG -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_BORROW_TOO_LONG;
            case TOO_MANY_TOKENS -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_TOO_MANY_TOKENS;
            case NOT_A_NAMED_USER, ASSIGNMENT_LIMIT_REACHED -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_NOT_A_NAMED_USER;
            case UNKNOWN_LEASE, UNKNOWN_TICKET, WRONG_SECRET, LEASE_EXPIRED -> io.licman.core.protocol.v1.DenialReason.DENIAL_REASON_UNSPECIFIED;
        };
    }

    private static int clampToInt(long value) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
    }

    /** Sorted copy, for stable output. */
    static <T extends Comparable<T>> List<T> sorted(List<T> list) {
        return list.stream().sorted().toList();
    }
}
