package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.FeatureAvailability;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatagramCodecTest {

    private final DiscoveryRequest request = DiscoveryRequest.newBuilder().setMajorVersion(1).setNonce(42).build();

    @Test
    void datagramIsTheMagicThenTheMessage() {
        byte[] bytes = DatagramCodec.encodeRequest(request);

        assertThat(Arrays.copyOf(bytes, 4)).containsExactly('L', 'M', 'D', '1');
        assertThat(Arrays.copyOfRange(bytes, 4, bytes.length)).isEqualTo(request.toByteArray());
    }

    @Test
    void requestIsPaddedToTheAskedSizeOrOneByteLess() throws Exception {
        int bare = DatagramCodec.encodeRequest(request).length;
        for (int size = bare + 3; size <= DatagramCodec.MAX_DATAGRAM_SIZE; size++) {
            byte[] padded = DatagramCodec.encodeRequest(request, size);

            assertThat(padded.length).as("asked for %d", size).isBetween(size - 1, size);
            assertThat(DatagramCodec.decodeRequest(padded, 0, padded.length).getNonce()).isEqualTo(42);
        }
    }

    @Test
    void sizeTooSmallForPaddingSendsTheBareRequest() {
        byte[] bare = DatagramCodec.encodeRequest(request);

        assertThat(DatagramCodec.encodeRequest(request, 3)).isEqualTo(bare);
        assertThat(DatagramCodec.encodeRequest(request, bare.length + 2)).isEqualTo(bare);
    }

    @Test
    void datagramWithoutTheMagicIsRejectedBeforeParsing() {
        byte[] stray = {'L', 'M', 'A', 'N', 0, 1, 0, 0};

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> DatagramCodec.decodeRequest(stray, 0, 8));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_PROTOCOL_ERROR);
        assertThat(e.getMessage()).contains("LMD1");
    }

    @Test
    void oversizedDatagramIsRejected() {
        byte[] huge = DatagramCodec.encodeRequest(request.toBuilder()
                .setPadding(com.google.protobuf.ByteString.copyFrom(new byte[2000])).build());

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> DatagramCodec.decodeRequest(huge, 0, huge.length));

        assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE);
    }

    @Test
    void malformedDatagramIsRejected() {
        byte[] bad = {'L', 'M', 'D', '1', (byte) 0xFF};

        assertThat(catchThrowableOfType(ProtocolException.class, () -> DatagramCodec.decodeReply(bad, 0, bad.length)))
                .hasMessageContaining("not a valid DiscoveryReply");
    }

    @Test
    void replyThatFitsIsSentWhole() throws Exception {
        DiscoveryReply reply = ProtocolExamples.discoveryReply();

        byte[] bytes = DatagramCodec.encodeReply(reply, DatagramCodec.RECOMMENDED_REQUEST_SIZE).orElseThrow();

        assertThat(DatagramCodec.decodeReply(bytes, 0, bytes.length)).isEqualTo(reply);
    }

    @Test
    void replyTooLargeForItsRequestDropsFeaturesFromTheEndAndSaysSo() throws Exception {
        DiscoveryReply.Builder big = ProtocolExamples.discoveryReply().toBuilder().clearFeatures();
        for (int i = 0; i < 100; i++) {
            big.addFeatures(FeatureAvailability.newBuilder().setVendor("acme").setName("feature-" + i).setFree(i).setTotal(100));
        }

        byte[] bytes = DatagramCodec.encodeReply(big.build(), 300).orElseThrow();
        DiscoveryReply sent = DatagramCodec.decodeReply(bytes, 0, bytes.length);

        assertThat(bytes.length).isLessThanOrEqualTo(300);
        assertThat(sent.getTruncated()).isTrue();
        assertThat(sent.getFeaturesList()).isNotEmpty().isEqualTo(big.getFeaturesList().subList(0, sent.getFeaturesCount()));
        assertThat(sent.getEndpointsList()).isEqualTo(big.getEndpointsList());
    }

    @Test
    void tinyRequestGetsNoReply() {
        assertThat(DatagramCodec.encodeReply(ProtocolExamples.discoveryReply(), 10)).isEmpty();
    }

    @Test
    void requestLargerThanADatagramStillGetsAtMostADatagram() {
        DiscoveryReply.Builder big = ProtocolExamples.discoveryReply().toBuilder();
        for (int i = 0; i < 200; i++) {
            big.addFeatures(FeatureAvailability.newBuilder().setVendor("acme").setName("feature-" + i));
        }

        assertThat(DatagramCodec.encodeReply(big.build(), 65_000).orElseThrow()).hasSizeLessThanOrEqualTo(DatagramCodec.MAX_DATAGRAM_SIZE);
    }
}
