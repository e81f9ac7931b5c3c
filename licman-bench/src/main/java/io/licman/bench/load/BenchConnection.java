package io.licman.bench.load;

import com.google.protobuf.ByteString;
import io.licman.core.protocol.BlockingConnection;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

/** One blocking protocol connection of the load generator: request, wait for the reply, repeat. */
final class BenchConnection implements AutoCloseable {

    private final BlockingConnection connection;

    BenchConnection(int port, String user) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        connection = BlockingConnection.open(socket);
        byte[] clientId = new byte[16];
        ThreadLocalRandom.current().nextBytes(clientId);
        ServerFrame welcome = call(ClientFrame.newBuilder().setHello(Hello.newBuilder().setSdkName("licman-bench")
                .setClient(ClientIdentity.newBuilder().setUser(user).setHost("loadgen").setClientId(ByteString.copyFrom(clientId)))));
        if (!welcome.hasWelcome()) {
            throw new IOException("no Welcome: " + welcome);
        }
    }

    ServerFrame call(ClientFrame.Builder request) throws IOException {
        return connection.call(request);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
