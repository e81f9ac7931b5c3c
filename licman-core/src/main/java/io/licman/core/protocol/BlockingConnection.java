package io.licman.core.protocol;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The simplest client side of a licman session: one socket, one request at a time, no
 * background threads. For command-line tools, load generators and tests; applications use the
 * client SDK, which adds heartbeats, reconnection and pipelining.
 *
 * <pre>{@code
 * try (BlockingConnection c = BlockingConnection.open(socket)) {
 *     ServerFrame welcome = c.call(ClientFrame.newBuilder().setHello(hello));
 *     ServerFrame pong = c.call(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));
 * }
 * }</pre>
 *
 * Frames that arrive while waiting for a reply (pushes, answers to other requests) are kept and
 * returned by {@link #read()} in arrival order.
 */
public final class BlockingConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
    private final Deque<ServerFrame> kept = new ArrayDeque<>();
    private final byte[] buffer = new byte[64 * 1024];
    private ByteBuffer unread = ByteBuffer.allocate(0);
    private long nextRequestId = 1;

    private BlockingConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.in = socket.getInputStream();
    }

    /** Starts a session on a connected socket by sending the preamble. */
    public static BlockingConnection open(Socket socket) throws IOException {
        BlockingConnection connection = new BlockingConnection(socket);
        connection.out.write(Preamble.current().toBytes());
        return connection;
    }

    /** Sends {@code request} with the next request id and waits for the frame answering it. */
    public ServerFrame call(ClientFrame.Builder request) throws IOException {
        long id = nextRequestId++;
        send(request.setRequestId(id).build());
        while (true) {
            ServerFrame frame = readFromSocket();
            if (frame.getRequestId() == id) {
                return frame;
            }
            kept.add(frame);
        }
    }

    /** Sends a frame as it is (its request id included). */
    public void send(ClientFrame frame) throws IOException {
        encoder.writeTo(frame, out);
        out.flush();
    }

    /** Sends raw bytes, for tests of what a server does with bad input. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame: one kept while waiting for a reply, or the next from the socket. */
    public ServerFrame read() throws IOException {
        ServerFrame frame = kept.poll();
        return frame != null ? frame : readFromSocket();
    }

    private ServerFrame readFromSocket() throws IOException {
        while (true) {
            try {
                ServerFrame frame = decoder.decode(unread);
                if (frame != null) {
                    return frame;
                }
            } catch (ProtocolException e) {
                throw new IOException("the server sent something that is not the licman protocol: " + e.getMessage(), e);
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
            unread = ByteBuffer.wrap(Arrays.copyOf(buffer, n));
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
