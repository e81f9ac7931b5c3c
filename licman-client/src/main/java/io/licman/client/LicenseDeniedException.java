package io.licman.client;

import java.util.List;
import java.util.Objects;

/**
 * The server refused the checkout. This is an ordinary answer, not a failure of the SDK:
 * {@link #reason()} says why, {@link DenialReason#isTemporary()} whether trying later may help,
 * and {@link #holders()} who holds the seats when the site shows it.
 */
public final class LicenseDeniedException extends LicenseException {

    private final String feature;
    private final DenialReason reason;
    private final String serverMessage;
    private final List<SeatHolder> holders;

    /**
     * @param feature the feature asked for
     * @param reason why it was refused
     * @param serverMessage the server's explanation; may be empty
     * @param holders who holds the seats; may be empty
     */
    public LicenseDeniedException(String feature, DenialReason reason, String serverMessage, List<SeatHolder> holders) {
        super(message(feature, reason, serverMessage, holders), null);
        this.feature = Objects.requireNonNull(feature, "feature");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.serverMessage = serverMessage == null ? "" : serverMessage;
        this.holders = List.copyOf(holders);
    }

    public String feature() {
        return feature;
    }

    public DenialReason reason() {
        return reason;
    }

    /** The server's own explanation, for people; may be empty. */
    public String serverMessage() {
        return serverMessage;
    }

    /** Who holds the seats of the feature, when the server tells. */
    public List<SeatHolder> holders() {
        return holders;
    }

    private static String message(String feature, DenialReason reason, String serverMessage, List<SeatHolder> holders) {
        StringBuilder out = new StringBuilder("no seat of ").append(feature).append(": ");
        out.append(serverMessage == null || serverMessage.isBlank() ? describe(reason) : serverMessage);
        if (!holders.isEmpty()) {
            out.append(" (held by ");
            for (int i = 0; i < holders.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(holders.get(i));
            }
            out.append(')');
        }
        return out.append(" [").append(reason).append("; ").append(advice(reason)).append(']').toString();
    }

    private static String describe(DenialReason reason) {
        return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static String advice(DenialReason reason) {
        return switch (reason) {
            case ALL_SEATS_IN_USE, USER_MAX_REACHED, RESERVED_FOR_OTHERS ->
                    "try again later, or check out with waitInQueue(...) to wait for a seat";
            case QUEUE_TIMEOUT -> "no seat came free in time; try again later or wait longer";
            case QUEUE_FULL -> "the server's queue is full; try again later";
            case NO_SUCH_FEATURE, LICENSE_REMOVED, VERSION_TOO_LOW, EXPIRED, NOT_YET_VALID, TOO_MANY_TOKENS ->
                    "ask your license administrator for a license that covers this";
            case EXCLUDED_BY_POLICY, NOT_A_NAMED_USER ->
                    "ask your license administrator to allow this user or host";
            case HOST_BINDING_MISMATCH ->
                    "the license is bound to other machines: run on the licensed machine, or ask the vendor to rehost the license";
            case BORROWING_NOT_ALLOWED, BORROW_TOO_LONG -> "check out without borrowing, or borrow for less time";
            case UNKNOWN -> "ask your license administrator; the server log says more";
        };
    }
}
