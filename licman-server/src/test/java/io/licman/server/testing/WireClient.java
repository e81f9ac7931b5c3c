package io.licman.server.testing;

import com.google.protobuf.ByteString;
import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.FrameEncoder;
import io.licman.core.protocol.Preamble;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare protocol client for server tests: writes frames and reads them back, one socket, no
 * background threads, every read bounded by a timeout.
 */
public final class WireClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
    private final Deque<ServerFrame> pending = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final byte[] clientId;
    private ByteBuffer unread = ByteBuffer.allocate(0);

    public WireClient(int port, byte[] clientId) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout(10_000);
        this.socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.clientId = clientId.clone();
    }

    /** Connects, sends the preamble and a Hello for {@code user}@{@code host}, and reads the Welcome. */
    public static WireClient connect(int port, String user, String host, String adminToken) throws IOException {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        return connect(port, user, host, adminToken, id);
    }

    public static WireClient connect(int port, String user, String host, String adminToken, byte[] clientId) throws IOException {
        WireClient client = new WireClient(port, clientId);
        client.out.write(Preamble.current().toBytes());
        ServerFrame welcome = client.call(ClientFrame.newBuilder().setHello(client.hello(user, host, adminToken)));
        if (!welcome.hasWelcome()) {
            throw new IOException("no Welcome: " + welcome);
        }
        return client;
    }

    private Hello hello(String user, String host, String adminToken) {
        return Hello.newBuilder().setMaxMinorVersion(0).setSdkName("test").setAdminToken(adminToken == null ? "" : adminToken)
                .setClient(ClientIdentity.newBuilder().setUser(user).setHost(host).setClientId(ByteString.copyFrom(clientId)))
                .build();
    }

    /** Sends a request with a fresh id and returns the reply with that id (pushes read meanwhile are kept). */
    public ServerFrame call(ClientFrame.Builder request) throws IOException {
        long id = ids.incrementAndGet();
        send(request.setRequestId(id).build());
        while (true) {
            ServerFrame frame = read();
            if (frame.getRequestId() == id) {
                return frame;
            }
            pending.add(frame);
        }
    }

    public Granted checkout(String feature) throws IOException {
        ServerFrame reply = call(ClientFrame.newBuilder().setCheckout(Checkout.newBuilder().setVendor("acme").setFeature(feature).setMinVersion("1.0")));
        if (!reply.hasGranted()) {
            throw new AssertionError("expected a grant for " + feature + ", got " + reply);
        }
        return reply.getGranted();
    }

    public ServerFrame checkin(Granted granted) throws IOException {
        return call(ClientFrame.newBuilder().setCheckin(Checkin.newBuilder().setLeaseId(granted.getLeaseId()).setSecret(granted.getLeaseSecret())));
    }

    public void send(ClientFrame frame) throws IOException {
        out.write(encoder.encode(frame));
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame: a kept push first, else from the socket. */
    public ServerFrame read() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        byte[] buffer = new byte[8192];
        while (true) {
            try {
                ServerFrame frame = decoder.decode(unread);
                if (frame != null) {
                    return frame;
                }
            } catch (ProtocolException e) {
                throw new IOException(e);
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
            unread = ByteBuffer.wrap(java.util.Arrays.copyOf(buffer, n));
        }
    }

    /** True when the server has closed the connection (reads end) within the socket timeout. */
    public boolean isClosedByServer() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Drops the connection with a TCP reset, as a network failure would, instead of a clean close. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
