package io.licman.bench.load;

import com.google.protobuf.ByteString;
import io.licman.core.protocol.FrameDecoder;
import io.licman.core.protocol.FrameEncoder;
import io.licman.core.protocol.Preamble;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** One blocking protocol connection of the load generator: request, wait for the reply, repeat. */
final class BenchConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
    private final byte[] buffer = new byte[64 * 1024];
    private ByteBuffer unread = ByteBuffer.allocate(0);
    private long nextId = 1;

    BenchConnection(int port, String user) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        out = new BufferedOutputStream(socket.getOutputStream());
        in = socket.getInputStream();
        out.write(Preamble.current().toBytes());
        byte[] clientId = new byte[16];
        ThreadLocalRandom.current().nextBytes(clientId);
        ServerFrame welcome = call(ClientFrame.newBuilder().setHello(Hello.newBuilder().setSdkName("licman-bench")
                .setClient(ClientIdentity.newBuilder().setUser(user).setHost("loadgen").setClientId(ByteString.copyFrom(clientId)))));
        if (!welcome.hasWelcome()) {
            throw new IOException("no Welcome: " + welcome);
        }
    }

    ServerFrame call(ClientFrame.Builder request) throws IOException {
        long id = nextId++;
        encoder.writeTo(request.setRequestId(id).build(), out);
        out.flush();
        while (true) {
            ServerFrame frame = read();
            if (frame.getRequestId() == id) {
                return frame;
            }
        }
    }

    private ServerFrame read() throws IOException {
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
            unread = ByteBuffer.wrap(Arrays.copyOf(buffer, n));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
