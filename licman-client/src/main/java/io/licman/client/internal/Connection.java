package io.licman.client.internal;

import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.FrameEncoder;
import io.licman.core.protocol.Preamble;
import io.licman.core.protocol.Protocol;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.Welcome;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP session with a server: the handshake, then a reader thread that routes replies to the
 * futures of their requests (by request id, so requests may be pipelined) and pushes to the
 * engine, and a writer thread, so no caller ever blocks on a socket write.
 *
 * <p>Closing, for whatever reason, fails every unanswered request and queue ticket with
 * {@link SessionLostException} and tells the owner once.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final byte[] POISON = new byte[0];
    private static final long HELLO_REQUEST_ID = 1;

    /** What the connection tells its owner; called on the reader thread, so it must not block. */
    interface Owner {
        /** A push other than a queue outcome: revoke, shutdown, redirect. */
        void pushed(Connection connection, ServerFrame push);

        /** A reply or queue outcome nobody waits for any more (its request timed out or was abandoned). */
        void orphan(Connection connection, ServerFrame frame);

        /** The connection closed; {@code cause} says why. */
        void closed(Connection connection, IOException cause);
    }

    /** A request in flight: its id and the future of its reply. */
    record Call(long id, CompletableFuture<ServerFrame> reply) {
    }

    /** The session ended before the reply came. */
    static final class SessionLostException extends IOException {
        SessionLostException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server broke the protocol. */
    static final class ViolationException extends IOException {
        ViolationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server answered the Hello with an Error. */
    static final class RefusedException extends IOException {
        private final io.licman.core.protocol.v1.Error error;

        RefusedException(String message, io.licman.core.protocol.v1.Error error) {
            super(message);
            this.error = error;
        }

        io.licman.core.protocol.v1.Error error() {
            return error;
        }
    }

    private final Endpoint endpoint;
    private final Welcome welcome;
    private final long clockOffsetMillis;
    private final Socket socket;
    private final FrameDecoder<ServerFrame> decoder;
    private final FrameEncoder encoder;
    private final Owner owner;
    private final String name;
    private final Map<Long, CompletableFuture<ServerFrame>> pending = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ServerFrame>> tickets = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong(HELLO_REQUEST_ID);
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private volatile IOException closedBy;
    private volatile long heartbeatSentNanos;
    private volatile long lastHeartbeatNanos;
    private volatile long lastReceivedNanos;

    private Connection(Endpoint endpoint, Welcome welcome, long clockOffsetMillis, Socket socket,
                       FrameDecoder<ServerFrame> decoder, Owner owner, String name) {
        this.endpoint = endpoint;
        this.welcome = welcome;
        this.clockOffsetMillis = clockOffsetMillis;
        this.socket = socket;
        this.decoder = decoder;
        this.encoder = new FrameEncoder(frameLimit(welcome.getMaxFrameSize()));
        this.owner = owner;
        this.name = name;
        this.lastHeartbeatNanos = System.nanoTime();
        this.lastReceivedNanos = lastHeartbeatNanos;
    }

    /**
     * Connects, sends the preamble and {@code Hello}, and waits for {@code Welcome}, all within
     * {@code timeoutMillis}; then starts the reader and writer threads.
     *
     * @param hello makes the Hello for the connected socket (its local address goes into it)
     * @param localMillis the wall clock, to estimate the server's clock offset
     * @throws RefusedException when the server answers with an Error
     * @throws IOException when the connection fails, times out or the server breaks the protocol
     */
    static Connection open(SocketFactory factory, Endpoint endpoint, Function<Socket, Hello> hello, long timeoutMillis,
                           java.util.function.LongSupplier localMillis, Owner owner, String name) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Socket socket = factory.createSocket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) Math.max(1, timeoutMillis));
            ClientFrame frame = ClientFrame.newBuilder().setRequestId(HELLO_REQUEST_ID).setHello(hello.apply(socket)).build();
            OutputStream out = socket.getOutputStream();
            out.write(concat(Preamble.current().toBytes(), new FrameEncoder().encode(frame)));
            out.flush();
            FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
            ByteBuffer rest = ByteBuffer.allocate(16 * 1024);
            ServerFrame first = readFirst(socket, decoder, rest, deadline);
            Welcome welcome = welcomeFrom(first, endpoint);
            long offset = welcome.getServerTimeEpochMs() == 0 ? 0 : welcome.getServerTimeEpochMs() - localMillis.getAsLong();
            int limit = frameLimit(welcome.getMaxFrameSize());
            if (limit < decoder.maxFrameSize()) {
                decoder.lowerMaxFrameSize(limit);
            }
            socket.setSoTimeout(0);
            Connection connection = new Connection(endpoint, welcome, offset, socket, decoder, owner, name);
            connection.start(rest);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static ServerFrame readFirst(Socket socket, FrameDecoder<ServerFrame> decoder, ByteBuffer buffer, long deadline)
            throws IOException {
        InputStream in = socket.getInputStream();
        buffer.limit(0);
        while (true) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                throw new SocketTimeoutException("no Welcome within the connect timeout");
            }
            socket.setSoTimeout((int) remaining);
            buffer.compact();
            int n;
            try {
                n = in.read(buffer.array(), buffer.position(), buffer.remaining());
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("connected, but no Welcome came within the connect timeout (the server stalls)");
            }
            if (n < 0) {
                throw new EOFException("the server closed the connection during the handshake");
            }
            buffer.position(buffer.position() + n).flip();
            try {
                ServerFrame frame = decoder.decode(buffer);
                if (frame != null) {
                    return frame;
                }
            } catch (ProtocolException e) {
                throw new ViolationException("the server's answer to Hello is not licman protocol (" + e.getMessage() + ")", e);
            }
        }
    }

    private static Welcome welcomeFrom(ServerFrame frame, Endpoint endpoint) throws IOException {
        if (frame.hasError()) {
            io.licman.core.protocol.v1.Error error = frame.getError();
            throw new RefusedException("refused the session: " + Wire.errorCode(error.getCode())
                    + (error.getMessage().isBlank() ? "" : " (" + error.getMessage() + ")"), error);
        }
        if (!frame.hasWelcome()) {
            throw new ViolationException("answered Hello with " + frame.getBodyCase() + " instead of Welcome", null);
        }
        if (frame.getRequestId() != HELLO_REQUEST_ID) {
            throw new ViolationException("answered Hello with request id " + frame.getRequestId() + " instead of 1", null);
        }
        Welcome welcome = frame.getWelcome();
        if (welcome.getMinorVersion() > Protocol.MAX_MINOR_VERSION) {
            throw new ViolationException("chose protocol version 1." + welcome.getMinorVersion() + ", which this SDK did not offer", null);
        }
        return welcome;
    }

    private static int frameLimit(int announced) {
        if (announced == 0) {
            return Protocol.MAX_FRAME_SIZE;
        }
        return Math.max(Protocol.MIN_FRAME_SIZE_LIMIT, Math.min(announced, Protocol.MAX_FRAME_SIZE));
    }

    private void start(ByteBuffer alreadyRead) {
        ByteBuffer rest = ByteBuffer.allocate(alreadyRead.remaining()).put(alreadyRead).flip();
        DaemonThreads.start("licman-client-reader " + endpoint, () -> readLoop(rest), true);
        DaemonThreads.start("licman-client-writer " + endpoint, this::writeLoop, true);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    Welcome welcome() {
        return welcome;
    }

    /** The server's clock minus this machine's, as estimated at the handshake. */
    long clockOffsetMillis() {
        return clockOffsetMillis;
    }

    boolean isOpen() {
        return closedBy == null;
    }

    /**
     * Sends a request with the next request id; the reply completes the returned future, or a
     * {@link SessionLostException} fails it when the connection closes first.
     */
    Call send(ClientFrame.Builder body) {
        long id = nextRequestId.incrementAndGet();
        CompletableFuture<ServerFrame> reply = new CompletableFuture<>();
        ClientFrame frame = body.setRequestId(id).build();
        byte[] bytes;
        try {
            bytes = encoder.encode(frame);
        } catch (IllegalArgumentException e) {
            reply.completeExceptionally(new ViolationException(e.getMessage(), e));
            return new Call(id, reply);
        }
        pending.put(id, reply);
        outbox.add(bytes);
        IOException cause = closedBy;
        if (cause != null && pending.remove(id, reply)) {
            reply.completeExceptionally(lost(cause));
        }
        return new Call(id, reply);
    }

    /**
     * The caller no longer waits for {@code call}. A reply that arrives later, or has arrived
     * already, goes to {@link Owner#orphan}, so a seat granted to nobody is returned at once.
     */
    void abandon(Call call) {
        if (!pending.remove(call.id(), call.reply())) {
            call.reply().thenAccept(frame -> owner.orphan(this, frame));
        }
    }

    /** The future of a queue ticket's outcome (a QueueGranted or QueueDenied push); null when unknown. */
    CompletableFuture<ServerFrame> ticket(long ticketId) {
        return tickets.get(ticketId);
    }

    /** Stops waiting for a ticket; false when its outcome has arrived meanwhile. */
    boolean abandonTicket(long ticketId, CompletableFuture<ServerFrame> outcome) {
        return tickets.remove(ticketId, outcome);
    }

    /** The server says the ticket no longer exists. */
    void ticketGone(long ticketId) {
        CompletableFuture<ServerFrame> outcome = tickets.remove(ticketId);
        if (outcome != null) {
            outcome.completeExceptionally(new TicketGoneException());
        }
    }

    List<Long> ticketIds() {
        return List.copyOf(tickets.keySet());
    }

    /** The server dropped a queue ticket without a verdict. */
    static final class TicketGoneException extends RuntimeException {
        TicketGoneException() {
            super("the server no longer holds the queue ticket", null, false, false);
        }
    }

    long heartbeatSentNanos() {
        return heartbeatSentNanos;
    }

    long lastHeartbeatNanos() {
        return lastHeartbeatNanos;
    }

    void heartbeatSent(long nanos) {
        heartbeatSentNanos = nanos;
        lastHeartbeatNanos = nanos;
    }

    void heartbeatAnswered() {
        heartbeatSentNanos = 0;
    }

    /** When the last frame from the server arrived. */
    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    /**
     * Abandons the connection (once) with a TCP reset, so that the server keeps the session's
     * leases until their TTL for a {@code Resume} elsewhere: a clean close (FIN) would release
     * them at once (docs/protocol.md, section 8). {@code cause} says why, for the owner and the logs.
     */
    void close(IOException cause) {
        close(cause, false);
    }

    /** Ends the session with a clean close (FIN): the server releases whatever the session still holds. */
    void closeCleanly(IOException cause) {
        close(cause, true);
    }

    private void close(IOException cause, boolean clean) {
        synchronized (this) {
            if (closedBy != null) {
                return;
            }
            closedBy = cause;
        }
        log.debug("{}: closing the connection to {} ({}): {}", name, endpoint, clean ? "clean" : "reset", cause.getMessage());
        if (!clean) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // Already closed: nothing left to reset.
            }
        }
        closeQuietly(socket);
        outbox.clear();
        outbox.add(POISON);
        SessionLostException lost = lost(cause);
        for (Long id : List.copyOf(pending.keySet())) {
            CompletableFuture<ServerFrame> reply = pending.remove(id);
            if (reply != null) {
                reply.completeExceptionally(lost);
            }
        }
        for (Long id : List.copyOf(tickets.keySet())) {
            CompletableFuture<ServerFrame> outcome = tickets.remove(id);
            if (outcome != null) {
                outcome.completeExceptionally(lost);
            }
        }
        owner.closed(this, cause);
    }

    private SessionLostException lost(IOException cause) {
        return new SessionLostException("the connection to " + endpoint + " was lost: " + cause.getMessage(), cause);
    }

    private void readLoop(ByteBuffer alreadyRead) {
        try {
            decodeAll(alreadyRead);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            while (isOpen()) {
                int n = in.read(buffer);
                if (n < 0) {
                    decoder.endOfStream();
                    throw new EOFException("the server closed the connection");
                }
                decodeAll(ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (ProtocolException e) {
            close(new ViolationException("the server sent bytes that are not licman protocol (" + e.getMessage() + ")", e));
        } catch (IOException e) {
            close(e);
        } catch (RuntimeException e) {
            log.error("{}: bug while reading from {}", name, endpoint, e);
            close(new IOException("internal error in the reader: " + e, e));
        }
    }

    private void decodeAll(ByteBuffer bytes) throws ProtocolException {
        while (true) {
            ServerFrame frame;
            try {
                frame = decoder.decode(bytes);
            } catch (ProtocolException e) {
                if (e.isFatal()) {
                    throw e;
                }
                CompletableFuture<ServerFrame> reply = pending.remove(e.requestId());
                if (reply != null) {
                    reply.completeExceptionally(new ViolationException("the server answered with a message this SDK does "
                            + "not know (a newer protocol version?)", e));
                }
                continue;
            }
            if (frame == null) {
                return;
            }
            dispatch(frame);
        }
    }

    private void dispatch(ServerFrame frame) {
        lastReceivedNanos = System.nanoTime();
        if (frame.getRequestId() == 0) {
            dispatchPush(frame);
            return;
        }
        CompletableFuture<ServerFrame> reply = pending.remove(frame.getRequestId());
        if (reply == null) {
            owner.orphan(this, frame);
            return;
        }
        if (frame.hasQueued()) {
            tickets.put(frame.getQueued().getTicketId(), new CompletableFuture<>());
        }
        reply.complete(frame);
    }

    private void dispatchPush(ServerFrame frame) {
        switch (frame.getBodyCase()) {
            case QUEUE_GRANTED_PUSH -> outcome(frame.getQueueGrantedPush().getTicketId(), frame);
            case QUEUE_DENIED_PUSH -> outcome(frame.getQueueDeniedPush().getTicketId(), frame);
            case ERROR -> close(new RefusedException("the server ended the session: " + Wire.errorCode(frame.getError().getCode())
                    + " (" + frame.getError().getMessage() + ")", frame.getError()));
            default -> owner.pushed(this, frame);
        }
    }

    private void outcome(long ticketId, ServerFrame frame) {
        CompletableFuture<ServerFrame> outcome = tickets.remove(ticketId);
        if (outcome == null) {
            owner.orphan(this, frame);
        } else {
            outcome.complete(frame);
        }
    }

    private void writeLoop() {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (true) {
                byte[] bytes = outbox.take();
                if (bytes == POISON) {
                    return;
                }
                out.write(bytes);
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            close(e);
        } catch (InterruptedException e) {
            close(new IOException("the writer was interrupted"));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do; a failure to close changes nothing.
        }
    }

    @Override
    public String toString() {
        return "session with " + endpoint + (isOpen() ? "" : " (closed)");
    }
}
