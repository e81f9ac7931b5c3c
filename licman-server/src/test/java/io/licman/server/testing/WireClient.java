package io.licman.server.testing;

import com.google.protobuf.ByteString;
import io.licman.core.protocol.BlockingConnection;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A bare protocol client for server tests: writes frames and reads them back, one socket, no
 * background threads, every read bounded by a timeout.
 */
public final class WireClient implements AutoCloseable {

    private final Socket socket;
    private final BlockingConnection connection;
    private final byte[] clientId;

    public WireClient(int port, byte[] clientId) throws IOException {
        this(new Socket("127.0.0.1", port), clientId);
    }

    /** A client on a socket already connected (a TLS socket, for instance). */
    public WireClient(Socket socket, byte[] clientId) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.socket.setTcpNoDelay(true);
        this.connection = BlockingConnection.open(socket);
        this.clientId = clientId.clone();
    }

    /** Connects, sends the preamble and a Hello for {@code user}@{@code host}, and reads the Welcome. */
    public static WireClient connect(int port, String user, String host, String adminToken) throws IOException {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        return connect(port, user, host, adminToken, id);
    }

    public static WireClient connect(int port, String user, String host, String adminToken, byte[] clientId) throws IOException {
        return handshake(new WireClient(port, clientId), user, host, adminToken);
    }

    /** Says Hello on a connected socket (a TLS socket, for instance) and reads the Welcome. */
    public static WireClient connect(Socket socket, String user, String host, String adminToken) throws IOException {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        return handshake(new WireClient(socket, id), user, host, adminToken);
    }

    private static WireClient handshake(WireClient client, String user, String host, String adminToken) throws IOException {
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
        return connection.call(request);
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
        connection.send(frame);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        connection.sendRaw(bytes);
    }

    /** The next frame: a kept push first, else from the socket. */
    public ServerFrame read() throws IOException {
        return connection.read();
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
