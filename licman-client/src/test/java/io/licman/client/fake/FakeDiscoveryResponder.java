package io.licman.client.fake;

import io.licman.core.protocol.DatagramCodec;
import io.licman.core.protocol.ProtocolException;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Answers licman discovery datagrams on 127.0.0.1 (an ephemeral port) with what a test builds;
 * records every request with its size. Can also send extra datagrams (garbage, wrong nonce)
 * ahead of the real answer.
 */
public final class FakeDiscoveryResponder implements AutoCloseable {

    /** A request received and its size in bytes. */
    public record Request(DiscoveryRequest request, int size) {
    }

    private final DatagramSocket socket;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Function<DiscoveryRequest, List<byte[]>> answers;

    private FakeDiscoveryResponder(Function<DiscoveryRequest, List<byte[]>> answers) throws IOException {
        this.answers = answers;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(this::serve, "fake-licman-discovery");
        thread.setDaemon(true);
        thread.start();
    }

    /** A responder sending, for each request, the datagrams {@code answers} makes (in order). */
    public static FakeDiscoveryResponder start(Function<DiscoveryRequest, List<byte[]>> answers) throws IOException {
        return new FakeDiscoveryResponder(answers);
    }

    /** The datagram of {@code reply}, cut to the request's size as a real server must. */
    public static byte[] datagram(DiscoveryReply reply, int requestSize) {
        return DatagramCodec.encodeReply(reply, requestSize).orElseThrow();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                DiscoveryRequest request = DatagramCodec.decodeRequest(packet.getData(), packet.getOffset(), packet.getLength());
                requests.add(new Request(request, packet.getLength()));
                for (byte[] answer : answers.apply(request)) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (ProtocolException e) {
                // Not a discovery request: a real server drops it silently.
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
