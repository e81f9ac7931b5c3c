package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Hello;
import org.junit.jupiter.api.Test;

class VersionNegotiationTest {

    @Test
    void choosesTheHighestVersionBothSpeak() {
        assertThat(VersionNegotiation.chooseMinorVersion(0, 5, 2, 3)).hasValue(3);
        assertThat(VersionNegotiation.chooseMinorVersion(0, 2, 1, 9)).hasValue(2);
    }

    @Test
    void noOverlapMeansNoVersion() {
        assertThat(VersionNegotiation.chooseMinorVersion(4, 5, 0, 3)).isEmpty();
        assertThat(VersionNegotiation.chooseMinorVersion(3, 1, 0, 9)).as("min above max").isEmpty();
    }

    @Test
    void emptyHelloMeansVersionOnePointZero() {
        assertThat(VersionNegotiation.chooseMinorVersion(Hello.getDefaultInstance())).hasValue(0);
    }

    @Test
    void frameLimitIsTheLowerOfBothButNeverBelowTheMinimum() {
        assertThat(VersionNegotiation.frameSize(0, Protocol.MAX_FRAME_SIZE)).isEqualTo(Protocol.MAX_FRAME_SIZE);
        assertThat(VersionNegotiation.frameSize(200_000, Protocol.MAX_FRAME_SIZE)).isEqualTo(200_000);
        assertThat(VersionNegotiation.frameSize(0, 300_000)).isEqualTo(300_000);
        assertThat(VersionNegotiation.frameSize(10, Protocol.MAX_FRAME_SIZE)).isEqualTo(Protocol.MIN_FRAME_SIZE_LIMIT);
        assertThat(VersionNegotiation.frameSize(0xFFFF_FFFFL, Protocol.MAX_FRAME_SIZE)).isEqualTo(Protocol.MAX_FRAME_SIZE);
    }

    @Test
    void supportedRangeNamesThisCodesVersions() {
        assertThat(VersionNegotiation.supported().getMajorVersion()).isEqualTo(Protocol.MAJOR_VERSION);
        assertThat(VersionNegotiation.supported().getMaxMinorVersion()).isEqualTo(Protocol.MAX_MINOR_VERSION);
    }
}
