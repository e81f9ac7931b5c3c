package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.core.protocol.v1.ErrorCode;
import org.junit.jupiter.api.Test;

class PreambleTest {

    @Test
    void currentPreambleIsLmanThenVersionOneThenTwoZeroBytes() {
        assertThat(Preamble.current().toBytes()).containsExactly(0x4C, 0x4D, 0x41, 0x4E, 0x00, 0x01, 0x00, 0x00);
    }

    @Test
    void parsesWhatItWrites() throws Exception {
        assertThat(Preamble.parse(Preamble.current().toBytes())).isEqualTo(Preamble.current());
    }

    @Test
    void majorVersionIsBigEndian() {
        assertThat(new Preamble(0x0102).toBytes()).startsWith(0x4C, 0x4D, 0x41, 0x4E, 0x01, 0x02);
    }

    @Test
    void versionThatDoesNotFitSixteenBitsIsRefused() {
        assertThatThrownBy(() -> new Preamble(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherMajorVersionIsUnsupported() {
        assertThatThrownBy(() -> Preamble.parse(new Preamble(7).toBytes()))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION));
    }

    @Test
    void otherMajorVersionIsUnsupportedWhateverItsReservedBytesHold() {
        byte[] version2WithFlags = {0x4C, 0x4D, 0x41, 0x4E, 0, 2, 0x12, 0x34};

        assertThatThrownBy(() -> Preamble.parse(version2WithFlags))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION));
    }

    @Test
    void unsupportedVersionErrorFrameNamesTheSupportedVersions() {
        assertThatThrownBy(() -> Preamble.parse(new Preamble(2).toBytes()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    var error = e.toServerFrame().getError();
                    assertThat(error.getSupported()).isEqualTo(VersionNegotiation.supported());
                    assertThat(error.getMessage()).contains("major version 2");
                });
    }

    @Test
    void tlsClientHelloIsNotAPreamble() {
        byte[] tls = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01};

        assertThatThrownBy(() -> Preamble.parse(tls)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("byte 1 of the connection is 0x16");
    }
}
