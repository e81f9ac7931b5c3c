package io.licman.cli.admin;

import com.google.protobuf.ByteString;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.core.protocol.BlockingConnection;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A short-lived, blocking connection for one administrator command: connect to the first server
 * that answers, say Hello (with the admin token), send requests one at a time. Pushes that arrive
 * meanwhile are ignored.
 */
public final class AdminConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final BlockingConnection connection;
    private final Endpoint endpoint;

    private AdminConnection(BlockingConnection connection, Endpoint endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    /**
     * Connects to the first reachable endpoint.
     *
     * @param adminToken the admin token, or null for an ordinary session
     * @throws UserError with exit status 3 listing every server tried, when none answers
     */
    public static AdminConnection open(List<Endpoint> endpoints, String adminToken) {
        return open(endpoints, adminToken, javax.net.SocketFactory.getDefault());
    }

    /** {@link #open(List, String)} over sockets from {@code sockets} (TLS, see {@code --tls-pin}). */
    public static AdminConnection open(List<Endpoint> endpoints, String adminToken, javax.net.SocketFactory sockets) {
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Socket socket;
            try {
                socket = sockets.createSocket();
            } catch (IOException e) {
                throw new UserError("cannot make a socket: " + e.getMessage(), ExitCodes.UNAVAILABLE);
            }
            try {
                socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                AdminConnection connection = new AdminConnection(BlockingConnection.open(socket), endpoint);
                connection.hello(adminToken);
                return connection;
            } catch (IOException e) {
                failures.add(endpoint + " (" + e.getMessage() + ")");
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
        throw new UserError("no licman server answered; tried " + String.join(", ", failures)
                + ". Is the server running? Name it with --server PORT@HOST or LICMAN_SERVER.", ExitCodes.UNAVAILABLE);
    }

    private void hello(String adminToken) throws IOException {
        byte[] clientId = new byte[16];
        new SecureRandom().nextBytes(clientId);
        String user = System.getProperty("user.name", "admin");
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        ServerFrame reply = connection.call(ClientFrame.newBuilder().setHello(Hello.newBuilder().setSdkName("licman-cli")
                .setAdminToken(adminToken == null ? "" : adminToken)
                .setClient(ClientIdentity.newBuilder().setUser(user).setHost(host).setClientId(ByteString.copyFrom(clientId))
                        .setProcessId(ProcessHandle.current().pid()))));
        if (reply.hasError()) {
            throw new UserError(endpoint + " refused the connection: " + reply.getError().getMessage(),
                    reply.getError().getCode() == io.licman.core.protocol.v1.ErrorCode.ERROR_CODE_NOT_AUTHENTICATED ? ExitCodes.USAGE : ExitCodes.UNAVAILABLE);
        }
    }

    /** Sends a request and waits for its reply; an {@code Error} reply becomes a {@link UserError}. */
    public ServerFrame request(ClientFrame.Builder request) {
        try {
            ServerFrame reply = connection.call(request);
            if (reply.hasError()) {
                throw new UserError(reply.getError().getMessage(), ExitCodes.NEGATIVE);
            }
            return reply;
        } catch (IOException e) {
            throw new UserError("lost the connection to " + endpoint + ": " + e.getMessage(), ExitCodes.UNAVAILABLE);
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
