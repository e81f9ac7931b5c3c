package io.licman.client.fake;

import com.google.protobuf.ByteString;
import io.licman.core.crypto.FeatureSigner;
import io.licman.core.crypto.VendorPrivateKey;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileWriter;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.FrameEncoder;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.CheckedIn;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.DenialReason;
import io.licman.core.protocol.v1.Denied;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.HeartbeatAck;
import io.licman.core.protocol.v1.Holder;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.LeaseStatus;
import io.licman.core.protocol.v1.Pong;
import io.licman.core.protocol.v1.QueueCancelled;
import io.licman.core.protocol.v1.QueueGrantedPush;
import io.licman.core.protocol.v1.Queued;
import io.licman.core.protocol.v1.Resumed;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ServerRole;
import io.licman.core.protocol.v1.TicketStatus;
import io.licman.core.protocol.v1.Welcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A scripted licman server for tests, in the spirit of OkHttp's MockWebServer: it listens on
 * 127.0.0.1, speaks the real protocol through the core codec, records every frame it receives
 * and answers with sensible defaults (Welcome, a signed grant, heartbeat and resume statuses
 * from its lease book) unless a test scripts otherwise. Faults: drop every connection, stall,
 * send garbage, push anything, stop and restart on the same port.
 */
public final class FakeLicmanServer implements AutoCloseable {

    /** A frame received, with the number of the connection (from 0) and when it arrived. */
    public record Received(int session, long atNanos, ClientFrame frame) {
    }

    /** Leases the fake knows, by id: a map shared by fakes that stand for one cluster. */
    public static final class LeaseBook {
        private final Map<Long, ByteString> secrets = new ConcurrentHashMap<>();
        private final AtomicLong nextId = new AtomicLong(1000);

        public boolean knows(long leaseId) {
            return secrets.containsKey(leaseId);
        }

        /** The server forgets the lease, as after an expiry or a restart without state. */
        public void forget(long leaseId) {
            secrets.remove(leaseId);
        }

        public Set<Long> ids() {
            return Set.copyOf(secrets.keySet());
        }

        long add() {
            long id = nextId.incrementAndGet();
            byte[] secret = new byte[16];
            for (int i = 0; i < secret.length; i++) {
                secret[i] = (byte) (id * 31 + i);
            }
            secrets.put(id, ByteString.copyFrom(secret));
            return id;
        }

        public ByteString secret(long id) {
            return secrets.get(id);
        }
    }

    private final VendorPrivateKey signingKey;
    private final LeaseBook book;
    private final String serverId;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Queue<Function<Checkout, ServerFrame.Builder>> checkoutScript = new ConcurrentLinkedQueue<>();
    private final Queue<Function<Checkin, ServerFrame.Builder>> checkinScript = new ConcurrentLinkedQueue<>();
    private final AtomicLong ticketIds = new AtomicLong(500);
    private volatile Function<ClientFrame, ServerFrame.Builder> helloAnswer;
    private volatile int heartbeatIntervalMs = 100;
    private volatile int ttlMs = 5_000;
    private volatile boolean stalled;
    private ServerSocket serverSocket;
    private Thread acceptor;
    private int port;

    private FakeLicmanServer(String serverId, VendorPrivateKey signingKey, LeaseBook book) {
        this.serverId = serverId;
        this.signingKey = signingKey;
        this.book = book;
    }

    /** A started fake that signs grants with {@code signingKey}. */
    public static FakeLicmanServer start(String serverId, VendorPrivateKey signingKey) throws IOException {
        return start(serverId, signingKey, new LeaseBook());
    }

    /** A started fake sharing {@code book} with others, like the members of one cluster. */
    public static FakeLicmanServer start(String serverId, VendorPrivateKey signingKey, LeaseBook book) throws IOException {
        FakeLicmanServer server = new FakeLicmanServer(serverId, signingKey, book);
        server.listen();
        return server;
    }

    // ------------------------------------------------------------------------------------------
    // Life cycle and faults
    // ------------------------------------------------------------------------------------------

    private synchronized void listen() throws IOException {
        ServerSocket socket = bind(port);
        port = socket.getLocalPort();
        serverSocket = socket;
        acceptor = new Thread(() -> accept(socket), "fake-licman-accept " + serverId);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Binds {@code port} (0: any). A restart binds its old port again, which a client's reconnect
     * attempt may hold for a moment as its own source port: the bind is retried for up to 5 s.
     */
    private static ServerSocket bind(int port) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return socket;
            } catch (java.net.BindException e) {
                socket.close();
                if (port == 0 || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Stops listening and closes every connection: clients get "connection refused" until {@link #restart()}. */
    public synchronized void stop() {
        closeQuietly(serverSocket);
        try {
            // The JDK releases the port only once the thread blocked in accept() has left it.
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropConnections();
    }

    /** Listens again on the same port, as a restarted server does. */
    public synchronized void restart() throws IOException {
        stop();
        listen();
    }

    @Override
    public void close() {
        stop();
    }

    /** Closes every connection at once, as a network drop or a killed server does. */
    public void dropConnections() {
        for (Session session : sessions) {
            session.closedByServer = true;
            closeQuietly(session.socket);
        }
    }

    /** While stalled, frames are read and recorded but never answered. */
    public void stall(boolean stalled) {
        this.stalled = stalled;
    }

    /** Sends bytes that are no licman frame (a length over every limit) on every connection. */
    public void sendGarbage() {
        for (Session session : sessions) {
            session.closedByServer = session.closedByServer || !session.socket.isClosed();
            session.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
        }
    }

    /** Sends {@code push} (request id 0) on every open connection. */
    public void push(ServerFrame.Builder push) {
        ServerFrame frame = push.setRequestId(0).build();
        for (Session session : sessions) {
            if (!session.socket.isClosed()) {
                session.send(frame);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Scripting
    // ------------------------------------------------------------------------------------------

    public FakeLicmanServer heartbeatInterval(int millis) {
        this.heartbeatIntervalMs = millis;
        return this;
    }

    public FakeLicmanServer ttl(int millis) {
        this.ttlMs = millis;
        return this;
    }

    /** Answers the next checkout (one only) with what {@code answer} builds; null: no answer at all. */
    public void enqueueCheckout(Function<Checkout, ServerFrame.Builder> answer) {
        checkoutScript.add(answer);
    }

    /** Answers the next check-in (one only) with what {@code answer} builds, leaving the lease book as it is; null: no answer. */
    public void enqueueCheckin(Function<Checkin, ServerFrame.Builder> answer) {
        checkinScript.add(answer);
    }

    /** Answers every Hello with what {@code answer} builds instead of a Welcome; null restores the Welcome. */
    public void answerHello(Function<ClientFrame, ServerFrame.Builder> answer) {
        this.helloAnswer = answer;
    }

    /** The default answer to a Welcome. */
    public ServerFrame.Builder welcome() {
        return ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                .setServerId(serverId)
                .setServerVersion("fake")
                .setHeartbeatIntervalMs(heartbeatIntervalMs)
                .setRole(ServerRole.SERVER_ROLE_STANDALONE)
                .setServerTimeEpochMs(System.currentTimeMillis()));
    }

    /** A grant of {@code checkout} with a block signed by this server's key. */
    public ServerFrame.Builder grant(Checkout checkout) {
        return ServerFrame.newBuilder().setGranted(granted(checkout, block(checkout.getVendor(), checkout.getFeature(),
                checkout.getMinVersion().isEmpty() ? "2.0" : checkout.getMinVersion()), signingKey));
    }

    /** A grant carrying {@code block} signed by {@code signer}. */
    public ServerFrame.Builder grant(Checkout checkout, FeatureLicense block, VendorPrivateKey signer) {
        return ServerFrame.newBuilder().setGranted(granted(checkout, block, signer));
    }

    /** The Granted message for {@code checkout}; the lease goes into the book. */
    public Granted granted(Checkout checkout, FeatureLicense block, VendorPrivateKey signer) {
        long id = book.add();
        return Granted.newBuilder()
                .setLeaseId(id)
                .setLeaseSecret(book.secret(id))
                .setExpiresAtEpochMs(System.currentTimeMillis() + ttlMs)
                .setHeartbeatIntervalMs(heartbeatIntervalMs)
                .setTtlMs(ttlMs)
                .addLicenseText(LicenseFileWriter.write(new FeatureSigner(signer).sign(block)))
                .setVersion(block.version().toString())
                .setCount(Math.max(1, checkout.getCount()))
                .build();
    }

    /** An unsigned feature block, ready to sign. */
    public static FeatureLicense block(String vendor, String feature, String version) {
        return FeatureLicense.builder(vendor, feature)
                .version(version)
                .count(5)
                .expires(LocalDate.of(2099, 12, 31))
                .issued(LocalDate.of(2026, 11, 27))
                .vendorString("tier=gold")
                .build();
    }

    /** A denial with holders given as user@host pairs. */
    public static ServerFrame.Builder denied(DenialReason reason, String message, String... userAtHosts) {
        Denied.Builder denied = Denied.newBuilder().setReason(reason).setMessage(message);
        for (String holder : userAtHosts) {
            String[] parts = holder.split("@");
            denied.addHolders(Holder.newBuilder().setUser(parts[0]).setHost(parts[1])
                    .setSinceEpochMs(1_798_794_000_000L).setCount(1));
        }
        return ServerFrame.newBuilder().setDenied(denied);
    }

    /** An Error answer. */
    public static ServerFrame.Builder error(ErrorCode code, String message, String... leaderEndpoints) {
        return ServerFrame.newBuilder().setError(io.licman.core.protocol.v1.Error.newBuilder()
                .setCode(code).setMessage(message).addAllLeaderEndpoints(List.of(leaderEndpoints)));
    }

    /** A Queued answer with a new ticket id; {@link #lastTicket()} tells it. */
    public ServerFrame.Builder queued() {
        return ServerFrame.newBuilder().setQueued(Queued.newBuilder().setTicketId(ticketIds.incrementAndGet()).setPosition(1));
    }

    public long lastTicket() {
        return ticketIds.get();
    }

    /** The push granting {@code ticket} for {@code checkout}. */
    public ServerFrame.Builder queueGrantedPush(long ticket, Checkout checkout) {
        return ServerFrame.newBuilder().setQueueGrantedPush(QueueGrantedPush.newBuilder()
                .setTicketId(ticket).setGranted(grant(checkout).getGranted()));
    }

    public LeaseBook leases() {
        return book;
    }

    // ------------------------------------------------------------------------------------------
    // Observation
    // ------------------------------------------------------------------------------------------

    public Endpoint endpoint() {
        return new Endpoint(port, "127.0.0.1");
    }

    public int port() {
        return port;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every frame received with this body, in order. */
    public List<ClientFrame> frames(ClientFrame.BodyCase body) {
        List<ClientFrame> out = new ArrayList<>();
        for (Received r : received) {
            if (r.frame().getBodyCase() == body) {
                out.add(r.frame());
            }
        }
        return out;
    }

    /** Waits (polling) until {@code count} frames with this body have arrived, and returns them. */
    public List<ClientFrame> awaitFrames(ClientFrame.BodyCase body, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ClientFrame> frames = frames(body);
            if (frames.size() >= count) {
                return frames;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " " + body + " frame(s) within " + timeout + ", received "
                        + received().stream().map(r -> r.session() + ":" + r.frame().getBodyCase()).toList());
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    public ClientFrame awaitFrame(ClientFrame.BodyCase body, Duration timeout) {
        return awaitFrames(body, 1, timeout).get(0);
    }

    /** The raw bytes received on connection {@code session} so far. */
    public byte[] rawBytes(int session) {
        return sessions.get(session).raw.toByteArray();
    }

    /** How a connection ended, as the server sees it. */
    public enum End {
        /** Still open. */
        OPEN,
        /** The client closed cleanly (FIN at a frame boundary): a real server releases the session's leases. */
        CLEAN,
        /** A reset or error: a real server keeps the leases until their TTL, for a Resume. */
        RESET,
        /** This server closed it (drop, stop, garbage). */
        BY_SERVER
    }

    /** How connection {@code session} ended. */
    public End end(int session) {
        return sessions.get(session).end;
    }

    /** Waits (polling) until connection {@code session} has ended, and says how. */
    public End awaitEnd(int session, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end(session) == End.OPEN) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection " + session + " still open after " + timeout);
            }
            LockSupport.parkNanos(2_000_000);
        }
        return end(session);
    }

    /** Connections accepted so far, across restarts. */
    public int sessionCount() {
        return sessions.size();
    }

    // ------------------------------------------------------------------------------------------
    // Serving
    // ------------------------------------------------------------------------------------------

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Session session = new Session(sessions.size(), client);
                sessions.add(session);
                Thread reader = new Thread(session::run, "fake-licman-session " + serverId + "#" + session.number);
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private ServerFrame.Builder answer(ClientFrame frame) {
        return switch (frame.getBodyCase()) {
            case HELLO -> helloAnswer != null ? helloAnswer.apply(frame) : welcome();
            case CHECKOUT -> {
                Function<Checkout, ServerFrame.Builder> scripted = checkoutScript.poll();
                yield scripted != null ? scripted.apply(frame.getCheckout()) : grant(frame.getCheckout());
            }
            case HEARTBEAT -> {
                HeartbeatAck.Builder ack = HeartbeatAck.newBuilder();
                frame.getHeartbeat().getLeasesList().forEach(key -> ack.addLeases(status(key)));
                frame.getHeartbeat().getQueueTicketsList().forEach(t ->
                        ack.addTickets(TicketStatus.newBuilder().setTicketId(t).setQueued(true).setPosition(1)));
                yield ServerFrame.newBuilder().setHeartbeatAck(ack);
            }
            case RESUME -> {
                Resumed.Builder resumed = Resumed.newBuilder();
                frame.getResume().getLeasesList().forEach(key -> resumed.addLeases(status(key)));
                yield ServerFrame.newBuilder().setResumed(resumed);
            }
            case CHECKIN -> {
                Function<Checkin, ServerFrame.Builder> scripted = checkinScript.poll();
                if (scripted != null) {
                    yield scripted.apply(frame.getCheckin());
                }
                long id = frame.getCheckin().getLeaseId();
                if (!book.knows(id)) {
                    yield error(ErrorCode.ERROR_CODE_NO_SUCH_LEASE, "no lease " + id);
                }
                book.forget(id);
                yield ServerFrame.newBuilder().setCheckedIn(CheckedIn.newBuilder().setLeaseId(id));
            }
            case CANCEL_QUEUE -> ServerFrame.newBuilder().setQueueCancelled(QueueCancelled.newBuilder()
                    .setTicketId(frame.getCancelQueue().getTicketId()).setWasQueued(true));
            case PING -> ServerFrame.newBuilder().setPong(Pong.newBuilder().setPayload(frame.getPing().getPayload()));
            default -> error(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE, "the fake does not do " + frame.getBodyCase());
        };
    }

    private LeaseStatus status(LeaseKey key) {
        ByteString secret = book.secret(key.getLeaseId());
        LeaseStatus.Builder status = LeaseStatus.newBuilder().setLeaseId(key.getLeaseId());
        if (secret == null) {
            return status.setLostReason(LeaseLossReason.LEASE_LOSS_REASON_UNKNOWN_LEASE).setMessage("no such lease").build();
        }
        if (!secret.equals(key.getSecret())) {
            return status.setLostReason(LeaseLossReason.LEASE_LOSS_REASON_BAD_SECRET).build();
        }
        return status.setOk(true).setExpiresAtEpochMs(System.currentTimeMillis() + ttlMs).build();
    }

    /** One accepted connection. */
    private final class Session {
        final int number;
        final Socket socket;
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        private final FrameEncoder encoder = new FrameEncoder();
        volatile boolean closedByServer;
        volatile End end = End.OPEN;

        Session(int number, Socket socket) {
            this.number = number;
            this.socket = socket;
        }

        void run() {
            FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
            byte[] buffer = new byte[8192];
            try (socket) {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = read(in, buffer)) >= 0) {
                    synchronized (raw) {
                        raw.write(buffer, 0, n);
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    ClientFrame frame;
                    while ((frame = decoder.decode(bytes)) != null) {
                        received.add(new Received(number, System.nanoTime(), frame));
                        if (!stalled) {
                            ServerFrame.Builder reply = answer(frame);
                            if (reply != null) {
                                send(reply.setRequestId(frame.getRequestId()).build());
                            }
                        }
                    }
                }
                end = closedByServer ? End.BY_SERVER : decoder.isAtFrameBoundary() ? End.CLEAN : End.RESET;
            } catch (IOException | ProtocolException e) {
                end = closedByServer ? End.BY_SERVER : End.RESET;
            }
        }

        private int read(InputStream in, byte[] buffer) throws IOException {
            return in.read(buffer);
        }

        void send(ServerFrame frame) {
            write(encoder.encode(frame));
        }

        synchronized void write(byte[] bytes) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException ignored) {
                // A closed connection: the client has gone.
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // Nothing to do.
        }
    }
}
