package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.Ping;
import io.licman.core.protocol.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FrameDecoderProperties {

    private static final int LIMIT = Protocol.MIN_FRAME_SIZE_LIMIT;

    @Property
    void arbitraryBytesAfterAPreambleEndInAFrameAnErrorOrAPartialFrame(
            @ForAll @Size(max = 2000) byte[] noise, @ForAll @IntRange(min = 1, max = 97) int chunk) {
        assertOnlyCleanOutcomes(FrameDecoder.forServer(LIMIT), Frames.concat(Preamble.current().toBytes(), noise), chunk);
    }

    @Property
    void arbitraryBytesWithoutPreambleEndInAnErrorOrAPartialFrame(
            @ForAll @Size(max = 2000) byte[] noise, @ForAll @IntRange(min = 1, max = 97) int chunk) {
        assertOnlyCleanOutcomes(FrameDecoder.forServer(LIMIT), noise, chunk);
        assertOnlyCleanOutcomes(FrameDecoder.forClient(LIMIT), noise, chunk);
    }

    @Property
    void plausibleLengthsWithArbitraryBodiesEndInAFrameAnErrorOrAPartialFrame(
            @ForAll("framedNoise") byte[] stream, @ForAll @IntRange(min = 1, max = 300) int chunk) {
        assertOnlyCleanOutcomes(FrameDecoder.forServer(LIMIT), Frames.concat(Preamble.current().toBytes(), stream), chunk);
        assertOnlyCleanOutcomes(FrameDecoder.forClient(LIMIT), stream, chunk);
    }

    @Property
    void anyChunkingYieldsTheFramesThatWereSent(
            @ForAll("pings") List<ClientFrame> frames, @ForAll @IntRange(min = 1, max = 700) int chunk) throws Exception {
        assertThat(Frames.decodeInChunks(FrameDecoder.forServer(), Frames.clientStream(frames), chunk)).isEqualTo(frames);
    }

    /** Any outcome but a frame, a ProtocolException or a wait for more bytes fails the property. */
    private static <T extends com.google.protobuf.MessageLite> void assertOnlyCleanOutcomes(
            FrameDecoder<T> decoder, byte[] bytes, int chunk) {
        for (int at = 0; at < bytes.length; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at));
            while (in.hasRemaining()) {
                try {
                    if (decoder.decode(in) == null) {
                        break;
                    }
                } catch (ProtocolException e) {
                    if (e.isFatal()) {
                        assertThat(decoder.state()).isEqualTo(FrameDecoder.State.FAILED);
                        return;
                    }
                }
                assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(LIMIT + Preamble.LENGTH);
            }
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(LIMIT + Preamble.LENGTH);
        }
        try {
            decoder.endOfStream();
        } catch (ProtocolException e) {
            assertThat(e.isFatal()).isTrue();
        }
    }

    @Provide
    Arbitrary<byte[]> framedNoise() {
        Arbitrary<byte[]> frame = Arbitraries.bytes().array(byte[].class).ofMaxSize(200)
                .map(body -> Frames.concat(Frames.lengthPrefix(body.length), body));
        return frame.list().ofMaxSize(5).map(list -> Frames.concat(list.toArray(byte[][]::new)));
    }

    @Provide
    Arbitrary<List<ClientFrame>> pings() {
        Arbitrary<Long> ids = Arbitraries.longs().greaterOrEqual(1);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(Protocol.MAX_PING_PAYLOAD);
        return Combinators.combine(ids, payloads).as((id, payload) -> ClientFrame.newBuilder().setRequestId(id)
                .setPing(Ping.newBuilder().setPayload(ByteString.copyFrom(payload))).build()).list().ofMaxSize(8);
    }

    @Property(tries = 50)
    void serverFramesRoundTripThroughTheEncoder(@ForAll @Size(max = 3000) byte[] payload) throws Exception {
        ServerFrame frame = ServerFrame.newBuilder().setRequestId(9)
                .setPong(io.licman.core.protocol.v1.Pong.newBuilder().setPayload(ByteString.copyFrom(payload))).build();

        assertThat(Frames.decodeInChunks(FrameDecoder.forClient(), new FrameEncoder().encode(frame), 13)).containsExactly(frame);
    }
}
