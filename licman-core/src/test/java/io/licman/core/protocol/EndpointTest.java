package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesPortAtHost() {
        assertThat(Endpoint.parse("1384@lic1.example.com")).isEqualTo(new Endpoint(1384, "lic1.example.com"));
    }

    @Test
    void missingPortMeansTheProtocolPort() {
        assertThat(Endpoint.parse("@lic1")).isEqualTo(new Endpoint(Protocol.PORT, "lic1"));
    }

    @Test
    void ipv6AddressIsWrittenInBrackets() {
        Endpoint endpoint = Endpoint.parse("1384@[2001:db8::7]");

        assertThat(endpoint.host()).isEqualTo("2001:db8::7");
        assertThat(endpoint).hasToString("1384@[2001:db8::7]");
    }

    @Test
    void malformedEndpointsAreRefusedWithAnExample() {
        assertThatThrownBy(() -> Endpoint.parse("lic1:1384")).hasMessageContaining("expected port@host");
        assertThatThrownBy(() -> Endpoint.parse("x@lic1")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> Endpoint.parse("70000@lic1")).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> Endpoint.parse("1384@")).hasMessageContaining("not a host");
    }
}
