package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.licman.core.protocol.v1.Pong;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    private final ServerFrame pong = ServerFrame.newBuilder().setRequestId(1)
            .setPong(Pong.newBuilder().setPayload(ByteString.copyFromUtf8("hi"))).build();

    @Test
    void frameIsABigEndianLengthThenTheMessage() {
        byte[] bytes = new FrameEncoder().encode(pong);

        assertThat(Arrays.copyOf(bytes, 4)).containsExactly(0, 0, 0, pong.getSerializedSize());
        assertThat(Arrays.copyOfRange(bytes, 4, bytes.length)).isEqualTo(pong.toByteArray());
        assertThat(FrameEncoder.wireSize(pong)).isEqualTo(bytes.length);
    }

    @Test
    void frameOverTheAgreedLimitIsRefusedWithAdvice() {
        FrameEncoder encoder = new FrameEncoder(Protocol.MIN_FRAME_SIZE_LIMIT);
        ServerFrame big = ServerFrame.newBuilder().setRequestId(1)
                .setPong(Pong.newBuilder().setPayload(ByteString.copyFrom(new byte[Protocol.MIN_FRAME_SIZE_LIMIT]))).build();

        assertThat(encoder.fits(big)).isFalse();
        assertThatThrownBy(() -> encoder.encode(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the limit of 65536 bytes").hasMessageContaining("send less");
    }

    @Test
    void encodeToWritesAtTheBufferPositionAndAdvancesIt() {
        ByteBuffer out = ByteBuffer.allocate(100).position(3);

        new FrameEncoder().encodeTo(pong, out);

        assertThat(out.position()).isEqualTo(3 + FrameEncoder.wireSize(pong));
        assertThat(Arrays.copyOfRange(out.array(), 3, out.position())).isEqualTo(new FrameEncoder().encode(pong));
    }

    @Test
    void encodeToRefusesABufferTooSmallWithoutWriting() {
        ByteBuffer out = ByteBuffer.allocate(5);

        assertThatThrownBy(() -> new FrameEncoder().encodeTo(pong, out)).isInstanceOf(java.nio.BufferOverflowException.class);
        assertThat(out.position()).isZero();
    }

    @Test
    void writeToStreamWritesTheSameBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new FrameEncoder().writeTo(pong, out);

        assertThat(out.toByteArray()).isEqualTo(new FrameEncoder().encode(pong));
    }

    @Test
    void limitOutsideTheProtocolRangeIsRefused() {
        assertThatThrownBy(() -> new FrameEncoder(Protocol.MAX_FRAME_SIZE + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 65536 and 1048576");
    }
}
