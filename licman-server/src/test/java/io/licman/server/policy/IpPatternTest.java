package io.licman.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpPatternTest {

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3, 10.1.2.3, true",
            "10.1.2.3, 10.1.2.4, false",
            "10.1.*.*, 10.1.250.7, true",
            "10.1.*.*, 10.2.0.1, false",
            "*.*.*.*, 8.8.8.8, true",
            "10.0.0.0/8, 10.200.3.4, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.128/25, 192.168.1.200, true",
            "192.168.1.128/25, 192.168.1.100, false",
            "10.1.*.*, ::ffff:10.1.2.3, true",
            "10.1.*.*, 2001:db8::1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8::7, 2001:0db8:0:0:0:0:0:7, true",
            "2001:db8:*:*:*:*:*:*, 2001:db8:1:2:3:4:5:6, true",
            "2001:db8:*:*:*:*:*:*, 2001:db7:1:2:3:4:5:6, false",
            "fe80::/10, fe80::1%eth0, true",
            "0.0.0.0/0, 1.2.3.4, true",
            "::/0, ::1, true",
            "10.1.2.3, not-an-ip, false",
            "10.1.2.3, '', false"
    })
    void matches(String pattern, String address, boolean expected) {
        assertThat(IpPattern.parse(pattern).matches(address)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2", "10.1.2.3.4", "256.1.1.1", "10.0.0.0/33", "10.*.0.0/8", "2001:db8::/129",
            "1::2::3", "12345::", "host.example.com", "", "10.1.2.x", "1:2:3:4:5:6:7:8:9"})
    void rejects(String pattern) {
        assertThatThrownBy(() -> IpPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address pattern");
    }
}
