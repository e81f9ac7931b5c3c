package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtocolDetectorTest {

    private static Optional<WireProtocol> detect(byte... bytes) {
        return ProtocolDetector.detect(ByteBuffer.wrap(bytes));
    }

    private static Optional<WireProtocol> detect(String ascii) {
        return detect(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void preambleIsLicman() {
        assertThat(detect(Preamble.current().toBytes())).contains(WireProtocol.LICMAN);
        assertThat(detect("LMAN")).contains(WireProtocol.LICMAN);
    }

    @Test
    void tlsHandshakeIsTls() {
        assertThat(detect((byte) 0x16, (byte) 0x03, (byte) 0x01)).contains(WireProtocol.TLS);
        assertThat(detect((byte) 0x16, (byte) 0x07)).contains(WireProtocol.UNKNOWN);
    }

    @Test
    void httpMethodsAreHttp() {
        assertThat(detect("GET / HTTP/1.1\r\n")).contains(WireProtocol.HTTP);
        assertThat(detect("POST /api")).contains(WireProtocol.HTTP);
        assertThat(detect("PRI * HTTP/2.0")).contains(WireProtocol.HTTP);
        assertThat(detect("LOCK /x")).contains(WireProtocol.HTTP);
    }

    @Test
    void waitsForMoreBytesWhileUndecided() {
        assertThat(detect()).isEmpty();
        assertThat(detect("LM")).isEmpty();
        assertThat(detect((byte) 0x16)).isEmpty();
        assertThat(detect("OPTIO")).isEmpty();
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(detect("ge")).contains(WireProtocol.UNKNOWN);
        assertThat(detect((byte) 0, (byte) 0, (byte) 0, (byte) 5)).contains(WireProtocol.UNKNOWN);
        assertThat(detect("AB c")).contains(WireProtocol.UNKNOWN);
        assertThat(detect("ABCDEFGHIJKLMNOPQRSTUVWXYZ")).contains(WireProtocol.UNKNOWN);
    }

    @Test
    void detectionConsumesNothing() {
        ByteBuffer bytes = ByteBuffer.wrap(Preamble.current().toBytes());

        ProtocolDetector.detect(bytes);

        assertThat(bytes.position()).isZero();
    }
}
