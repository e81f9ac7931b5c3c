package io.licman.core.protocol;

import static io.licman.core.protocol.Frames.clientStream;
import static io.licman.core.protocol.Frames.concat;
import static io.licman.core.protocol.Frames.decodeAll;
import static io.licman.core.protocol.Frames.decodeInChunks;
import static io.licman.core.protocol.Frames.lengthPrefix;
import static io.licman.core.protocol.Frames.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.LeaseRevokedPush;
import io.licman.core.protocol.v1.ServerFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private final List<ClientFrame> three = List.of(ping(1, "a"), ping(2, "bb"), ping(3, "c".repeat(300)));

    @Test
    void decodesFramesFedOneByteAtATime() throws Exception {
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();

        assertThat(decodeInChunks(decoder, clientStream(three), 1)).isEqualTo(three);
        assertThat(decoder.isAtFrameBoundary()).isTrue();
        assertThat(decoder.preamble()).contains(Preamble.current());
    }

    @Test
    void decodesSeveralFramesDeliveredInOneChunk() throws Exception {
        ByteBuffer chunk = ByteBuffer.wrap(clientStream(three));

        assertThat(decodeAll(FrameDecoder.forServer(), chunk)).isEqualTo(three);
        assertThat(chunk.hasRemaining()).isFalse();
    }

    @Test
    void decodesAStreamSplitInTwoAtEveryOffset() throws Exception {
        byte[] stream = clientStream(three);
        for (int split = 0; split <= stream.length; split++) {
            FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
            List<ClientFrame> frames = new ArrayList<>(decodeAll(decoder, ByteBuffer.wrap(stream, 0, split)));
            frames.addAll(decodeAll(decoder, ByteBuffer.wrap(stream, split, stream.length - split)));

            assertThat(frames).as("split at %d", split).isEqualTo(three);
        }
    }

    @Test
    void leavesTheBytesAfterAFrameInTheBuffer() throws Exception {
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
        ByteBuffer chunk = ByteBuffer.wrap(clientStream(three));

        assertThat(decoder.decode(chunk)).isEqualTo(three.get(0));
        assertThat(chunk.remaining()).isEqualTo(new FrameEncoder().encode(three.get(1)).length
                + new FrameEncoder().encode(three.get(2)).length);
    }

    @Test
    void oversizedFrameIsRejectedBeforeItIsBuffered() {
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
        byte[] announcesTwoMebibytes = concat(Preamble.current().toBytes(), lengthPrefix(2 * 1024 * 1024), new byte[100]);
        ByteBuffer chunk = ByteBuffer.wrap(announcesTwoMebibytes);

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.decode(chunk));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE);
        assertThat(e.isFatal()).isTrue();
        assertThat(e.getMessage()).contains("2097152 bytes", "limit of 1048576");
        assertThat(chunk.remaining()).as("no byte of the body was read").isEqualTo(100);
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(decoder.state()).isEqualTo(FrameDecoder.State.FAILED);
    }

    @Test
    void lengthWithTheHighBitSetIsOversizedNotNegative() {
        FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> decoder.decode(ByteBuffer.wrap(lengthPrefix(0xFFFF_FFFFL))));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE);
        assertThat(e.getMessage()).contains("4294967295 bytes");
    }

    @Test
    void bufferHoldsOnlyTheBytesThatArrived() throws Exception {
        FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();

        assertThat(decoder.decode(ByteBuffer.wrap(concat(lengthPrefix(1_000_000), new byte[10])))).isNull();

        assertThat(decoder.state()).isEqualTo(FrameDecoder.State.READ_BODY);
        assertThat(decoder.bufferedBytes()).isEqualTo(10);
    }

    @Test
    void frameCutOffAtEndOfStreamIsReported() throws Exception {
        byte[] stream = clientStream(three);
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
        decodeAll(decoder, ByteBuffer.wrap(stream, 0, stream.length - 5));

        ProtocolException e = catchThrowableOfType(ProtocolException.class, decoder::endOfStream);

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
        assertThat(e.getMessage()).contains("closed in the middle of a frame");
    }

    @Test
    void lengthCutOffAtEndOfStreamIsReported() throws Exception {
        FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
        decoder.decode(ByteBuffer.wrap(new byte[] {0, 0}));

        assertThatThrownBy(decoder::endOfStream).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("a frame length (2 of 4 bytes)");
    }

    @Test
    void closeBetweenFramesIsClean() throws Exception {
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
        decodeAll(decoder, ByteBuffer.wrap(clientStream(three)));

        decoder.endOfStream();
        FrameDecoder.forServer().endOfStream();
    }

    @Test
    void httpRequestIsRejectedAtItsFirstByte() {
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
        ByteBuffer chunk = ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.decode(chunk));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
        assertThat(e.getMessage()).contains("byte 1", "0x47", "not a licman client");
        assertThat(chunk.position()).isEqualTo(1);
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] preamble = {0x4C, 0x4D, 0x41, 0x4F, 0, 1, 0, 0};

        assertThatThrownBy(() -> FrameDecoder.forServer().decode(ByteBuffer.wrap(preamble)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("byte 4");
    }

    @Test
    void unsupportedMajorVersionIsRejected() {
        byte[] version2 = {0x4C, 0x4D, 0x41, 0x4E, 0, 2, 0, 0};

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> FrameDecoder.forServer().decode(ByteBuffer.wrap(version2)));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION);
        assertThat(e.isFatal()).isTrue();
        assertThat(e.getMessage()).contains("major version 2", "only 1");
    }

    @Test
    void nonZeroReservedPreambleBytesAreRejected() {
        byte[] flagged = {0x4C, 0x4D, 0x41, 0x4E, 0, 1, 0, 1};

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> FrameDecoder.forServer().decode(ByteBuffer.wrap(flagged)));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
        assertThat(e.getMessage()).contains("must be zero");
    }

    @Test
    void malformedProtobufIsAFatalProtocolError() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] stream = concat(Preamble.current().toBytes(), lengthPrefix(garbage.length), garbage);

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> FrameDecoder.forServer().decode(ByteBuffer.wrap(stream)));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
        assertThat(e.isFatal()).isTrue();
        assertThat(e.getMessage()).contains("not a valid ClientFrame");
    }

    @Test
    void unknownMessageIsReportedWithItsRequestIdAndDecodingGoesOn() throws Exception {
        // request_id = 7, then field 99 (LEN) with 2 bytes: a message from a newer protocol version.
        byte[] unknown = {0x08, 0x07, (byte) 0x9A, 0x06, 0x02, 0x01, 0x02};
        byte[] next = new FrameEncoder().encode(ping(8, "x"));
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
        ByteBuffer chunk = ByteBuffer.wrap(concat(Preamble.current().toBytes(), lengthPrefix(unknown.length), unknown, next));

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.decode(chunk));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE);
        assertThat(e.isFatal()).isFalse();
        assertThat(e.requestId()).isEqualTo(7);
        assertThat(e.toServerFrame().getRequestId()).isEqualTo(7);
        assertThat(decoder.decode(chunk)).isEqualTo(ping(8, "x"));
    }

    @Test
    void requestIdZeroFromAClientIsRejected() {
        byte[] stream = Frames.concat(Preamble.current().toBytes(), new FrameEncoder().encode(ping(0, "x")));

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> FrameDecoder.forServer().decode(ByteBuffer.wrap(stream)));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
        assertThat(e.getMessage()).contains("request id 0");
    }

    @Test
    void afterAFatalErrorEveryCallFailsTheSameWay() {
        FrameDecoder<ClientFrame> decoder = FrameDecoder.forServer();
        ProtocolException first = catchThrowableOfType(ProtocolException.class,
                () -> decoder.decode(ByteBuffer.wrap(new byte[] {'X'})));

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(Preamble.current().toBytes()))).isSameAs(first);
        assertThatThrownBy(decoder::endOfStream).isSameAs(first);
    }

    @Test
    void clientDecoderReadsPushesWithoutAPreamble() throws Exception {
        ServerFrame push = ServerFrame.newBuilder()
                .setLeaseRevokedPush(LeaseRevokedPush.newBuilder().setLeaseId(5)).build();

        assertThat(decodeInChunks(FrameDecoder.forClient(), new FrameEncoder().encode(push), 1)).containsExactly(push);
    }

    @Test
    void emptyServerFrameIsAnUnknownMessage() {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> FrameDecoder.forClient().decode(ByteBuffer.wrap(lengthPrefix(0))));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_MESSAGE);
        assertThat(e.isFatal()).isFalse();
    }

    @Test
    void loweredFrameLimitAppliesToTheNextFrame() throws Exception {
        FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient();
        decoder.lowerMaxFrameSize(Protocol.MIN_FRAME_SIZE_LIMIT);

        assertThat(decoder.maxFrameSize()).isEqualTo(Protocol.MIN_FRAME_SIZE_LIMIT);
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(lengthPrefix(Protocol.MIN_FRAME_SIZE_LIMIT + 1))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("over the limit of 65536");
    }

    @Test
    void frameLimitCannotBeRaisedOrSetOutOfRange() {
        FrameDecoder<ServerFrame> decoder = FrameDecoder.forClient(Protocol.MIN_FRAME_SIZE_LIMIT);

        assertThatThrownBy(() -> decoder.lowerMaxFrameSize(Protocol.MAX_FRAME_SIZE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only be lowered");
        assertThatThrownBy(() -> FrameDecoder.forServer(100)).isInstanceOf(IllegalArgumentException.class);
    }
}
