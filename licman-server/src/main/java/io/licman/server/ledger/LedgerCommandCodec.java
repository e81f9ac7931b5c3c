package io.licman.server.ledger;

/**
 * Encodes commands as bytes for a replicated log, and back. Layout: a format byte (1), a
 * command tag byte, the command time (8 bytes), then the command's fields (see
 * {@code docs/ledger.md}). Licenses travel as license-file text and policies as canonical
 * options text.
 */
public final class LedgerCommandCodec {

    /** The encoding format this version writes and reads. */
    public static final int FORMAT = 1;

    private static final int CHECKOUT = 1;
    private static final int RENEW_LEASE = 2;
    private static final int RENEW_TICKET = 3;
    private static final int RENEW_SESSION = 4;
    private static final int CHECKIN = 5;
    private static final int LEAVE_QUEUE = 6;
    private static final int EXPIRE = 7;
    private static final int REMOVE = 8;
    private static final int RELOAD = 9;
    private static final int ASSIGN = 10;
    private static final int UNASSIGN = 11;
    private static final int EXTEND_LEASES = 12;

    private LedgerCommandCodec() {
    }

    /** The bytes of {@code command}. */
    public static byte[] encode(LedgerCommand command) {
        BinaryOut out = new BinaryOut().i8(FORMAT);
        if (command instanceof LedgerCommand.Checkout c) {
            out.i8(CHECKOUT).i64(c.now()).request(c.request());
        } else if (command instanceof LedgerCommand.RenewLease c) {
            out.i8(RENEW_LEASE).i64(c.now()).i64(c.lease().value()).secret(c.secret());
        } else if (command instanceof LedgerCommand.RenewTicket c) {
            out.i8(RENEW_TICKET).i64(c.now()).i64(c.ticket().value()).secret(c.secret());
        } else if (command instanceof LedgerCommand.RenewSession c) {
            out.i8(RENEW_SESSION).i64(c.now()).str(c.clientId());
        } else if (command instanceof LedgerCommand.Checkin c) {
            out.i8(CHECKIN).i64(c.now()).i64(c.lease().value()).secret(c.secret());
        } else if (command instanceof LedgerCommand.LeaveQueue c) {
            out.i8(LEAVE_QUEUE).i64(c.now()).i64(c.ticket().value()).secret(c.secret());
        } else if (command instanceof LedgerCommand.Expire c) {
            out.i8(EXPIRE).i64(c.now());
        } else if (command instanceof LedgerCommand.ExtendLeases c) {
            out.i8(EXTEND_LEASES).i64(c.now());
        } else if (command instanceof LedgerCommand.Remove c) {
            out.i8(REMOVE).i64(c.now()).i8(c.scope().ordinal()).str(c.value()).optStr(c.feature());
        } else if (command instanceof LedgerCommand.Reload c) {
            out.i8(RELOAD).i64(c.now()).licenses(c.features()).policy(c.policy()).hostIds(c.serverHostIds());
        } else if (command instanceof LedgerCommand.AssignUser c) {
            out.i8(ASSIGN).i64(c.now()).str(c.vendor()).str(c.feature()).str(c.user());
        } else if (command instanceof LedgerCommand.UnassignUser c) {
            out.i8(UNASSIGN).i64(c.now()).str(c.vendor()).str(c.feature()).str(c.user());
        } else {
            throw new IllegalArgumentException("unknown command " + command.getClass().getName());
        }
        return out.toByteArray();
    }

    /**
     * The command encoded in {@code bytes}.
     *
     * @throws LedgerFormatException when the bytes are not a command of this format
     */
    public static LedgerCommand decode(byte[] bytes) {
        try {
            return decodeChecked(bytes);
        } catch (LedgerFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LedgerFormatException("not a valid ledger command: " + e, e);
        }
    }

    private static LedgerCommand decodeChecked(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes, "ledger command");
        int format = in.i8();
        if (format != FORMAT) {
            throw in.bad("format " + format + " is not the supported format " + FORMAT + "; upgrade licman on this node");
        }
        int tag = in.i8();
        long now = in.i64();
        LedgerCommand command = switch (tag) {
            case CHECKOUT -> {
                CheckoutRequest r = in.request();
                yield new LedgerCommand.Checkout(now, r);
            }
            case RENEW_LEASE -> {
                LeaseId id = leaseId(in);
                yield new LedgerCommand.RenewLease(now, id, in.secret());
            }
            case RENEW_TICKET -> {
                TicketId id = ticketId(in);
                yield new LedgerCommand.RenewTicket(now, id, in.secret());
            }
            case RENEW_SESSION -> new LedgerCommand.RenewSession(now, in.str());
            case CHECKIN -> {
                LeaseId id = leaseId(in);
                yield new LedgerCommand.Checkin(now, id, in.secret());
            }
            case LEAVE_QUEUE -> {
                TicketId id = ticketId(in);
                yield new LedgerCommand.LeaveQueue(now, id, in.secret());
            }
            case EXPIRE -> new LedgerCommand.Expire(now);
            case EXTEND_LEASES -> new LedgerCommand.ExtendLeases(now);
            case REMOVE -> {
                int scope = in.i8();
                if (scope >= LedgerCommand.RemoveScope.values().length) {
                    throw in.bad("unknown remove scope " + scope);
                }
                String value = in.str();
                String feature = in.optStr();
                yield in.valid(() -> new LedgerCommand.Remove(now, LedgerCommand.RemoveScope.values()[scope], value, feature));
            }
            case RELOAD -> {
                var features = in.licenses();
                var policy = in.policy();
                var hostIds = in.hostIds();
                yield new LedgerCommand.Reload(now, features, policy, hostIds);
            }
            case ASSIGN, UNASSIGN -> {
                String vendor = in.str();
                String feature = in.str();
                String user = in.str();
                yield in.valid(() -> tag == ASSIGN ? new LedgerCommand.AssignUser(now, vendor, feature, user)
                        : new LedgerCommand.UnassignUser(now, vendor, feature, user));
            }
            default -> throw in.bad("unknown command tag " + tag);
        };
        in.end();
        return command;
    }

    private static LeaseId leaseId(BinaryIn in) {
        long v = in.i64();
        return in.valid(() -> new LeaseId(v));
    }

    private static TicketId ticketId(BinaryIn in) {
        long v = in.i64();
        return in.valid(() -> new TicketId(v));
    }
}
