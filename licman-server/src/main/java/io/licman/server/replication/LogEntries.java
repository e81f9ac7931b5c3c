package io.licman.server.replication;

import io.licman.server.ledger.LedgerFormatException;
import io.licman.server.ledger.LedgerSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one Raft log entry: a batch of encoded ledger commands, applied in order.
 *
 * <pre>
 * format    u8   1
 * proposer  i64  random number of the gateway that proposed it (its replies are completed locally)
 * batch     i64  the proposer's batch number
 * flags     u8   bit 0: the entry creates the ledger
 * [settings]     seed (32 bytes), default lease TTL ms (i64), holders shown (i32), when bit 0 is set
 * count     i32  then count times: length (i32) and the bytes of LedgerCommandCodec
 * </pre>
 *
 * A ledger is created by the first entry that carries settings; later ones are ignored, so two
 * leaders racing to create it cannot disagree.
 */
record LogEntries(long proposer, long batch, LedgerSettings create, List<byte[]> commands) {

    static final int FORMAT = 1;
    private static final int CREATE = 1;

    byte[] encode() {
        int size = 1 + 8 + 8 + 1 + 4 + (create == null ? 0 : LedgerSettings.SEED_BYTES + 12);
        for (byte[] c : commands) {
            size += 4 + c.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) FORMAT).putLong(proposer).putLong(batch).put((byte) (create == null ? 0 : CREATE));
        if (create != null) {
            out.put(create.seed()).putLong(create.defaultLeaseTtl().toMillis()).putInt(create.maxHoldersShown());
        }
        out.putInt(commands.size());
        for (byte[] c : commands) {
            out.putInt(c.length).put(c);
        }
        return out.array();
    }

    static LogEntries decode(ByteBuffer in) {
        try {
            int format = in.get();
            if (format != FORMAT) {
                throw new LedgerFormatException("log entry format " + format + " is not " + FORMAT + "; upgrade licman on this peer");
            }
            long proposer = in.getLong();
            long batch = in.getLong();
            int flags = in.get();
            LedgerSettings create = null;
            if ((flags & CREATE) != 0) {
                byte[] seed = new byte[LedgerSettings.SEED_BYTES];
                in.get(seed);
                create = new LedgerSettings(seed, Duration.ofMillis(in.getLong()), in.getInt());
            }
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / 4) {
                throw new LedgerFormatException("a log entry claims " + count + " commands");
            }
            List<byte[]> commands = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new LedgerFormatException("a command in a log entry claims " + length + " bytes");
                }
                byte[] c = new byte[length];
                in.get(c);
                commands.add(c);
            }
            if (in.hasRemaining()) {
                throw new LedgerFormatException(in.remaining() + " bytes follow the last command of a log entry");
            }
            return new LogEntries(proposer, batch, create, commands);
        } catch (LedgerFormatException e) {
            throw e;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new LedgerFormatException("not a licman log entry: " + e, e);
        }
    }
}
