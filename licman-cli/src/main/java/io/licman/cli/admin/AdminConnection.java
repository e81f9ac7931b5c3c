package io.licman.cli.admin;

import com.google.protobuf.ByteString;
import io.licman.cli.ExitCodes;
import io.licman.cli.UserError;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.FrameEncoder;
import io.licman.core.protocol.Preamble;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A short-lived, blocking connection for one administrator command: connect to the first server
 * that answers, say Hello (with the admin token), send requests one at a time. Pushes that arrive
 * meanwhile are ignored.
 */
public final class AdminConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
    private final Endpoint endpoint;
    private ByteBuffer unread = ByteBuffer.allocate(0);
    private long nextId = 1;

    private AdminConnection(Socket socket, Endpoint endpoint) throws IOException {
        this.socket = socket;
        this.endpoint = endpoint;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Connects to the first reachable endpoint.
     *
     * @param adminToken the admin token, or null for an ordinary session
     * @throws UserError with exit status 3 listing every server tried, when none answers
     */
    public static AdminConnection open(List<Endpoint> endpoints, String adminToken) {
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                AdminConnection connection = new AdminConnection(socket, endpoint);
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
        out.write(Preamble.current().toBytes());
        byte[] clientId = new byte[16];
        new SecureRandom().nextBytes(clientId);
        String user = System.getProperty("user.name", "admin");
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        ServerFrame reply = call(ClientFrame.newBuilder().setHello(Hello.newBuilder().setSdkName("licman-cli")
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
            ServerFrame reply = call(request);
            if (reply.hasError()) {
                throw new UserError(reply.getError().getMessage(), ExitCodes.NEGATIVE);
            }
            return reply;
        } catch (IOException e) {
            throw new UserError("lost the connection to " + endpoint + ": " + e.getMessage(), ExitCodes.UNAVAILABLE);
        }
    }

    private ServerFrame call(ClientFrame.Builder request) throws IOException {
        long id = nextId++;
        out.write(encoder.encode(request.setRequestId(id).build()));
        out.flush();
        while (true) {
            ServerFrame frame = read();
            if (frame.getRequestId() == id) {
                return frame;
            }
        }
    }

    private ServerFrame read() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            try {
                ServerFrame frame = decoder.decode(unread);
                if (frame != null) {
                    return frame;
                }
            } catch (ProtocolException e) {
                throw new IOException("the server sent something that is not the licman protocol: " + e.getMessage());
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
            unread = ByteBuffer.wrap(Arrays.copyOf(buffer, n));
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
