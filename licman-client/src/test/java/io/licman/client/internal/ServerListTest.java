package io.licman.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.core.protocol.Endpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerListTest {

    private static List<Endpoint> parse(String text) {
        return ServerList.parse(text, "LICMAN_SERVER");
    }

    @Test
    void commaSeparatedPortAtHostEntriesKeepTheirOrder() {
        assertThat(parse("1384@lic1,2000@lic2.example.com"))
                .containsExactly(new Endpoint(1384, "lic1"), new Endpoint(2000, "lic2.example.com"));
    }

    @Test
    void colonSeparatedListAsInLmLicenseFileIsAccepted() {
        assertThat(parse("1384@a:1385@b:@c"))
                .containsExactly(new Endpoint(1384, "a"), new Endpoint(1385, "b"), new Endpoint(1384, "c"));
    }

    @Test
    void atHostMeansPort1384() {
        assertThat(parse("@lic1")).containsExactly(new Endpoint(1384, "lic1"));
    }

    @Test
    void bracketedIpv6AddressesKeepTheirColons() {
        assertThat(parse("1384@[::1],@[2001:db8::7]:1390@[fe80::1]"))
                .containsExactly(new Endpoint(1384, "::1"), new Endpoint(1384, "2001:db8::7"), new Endpoint(1390, "fe80::1"));
    }

    @Test
    void unbracketedIpv6AddressIsOneEntry() {
        assertThat(parse("1384@::1")).containsExactly(new Endpoint(1384, "::1"));
    }

    @Test
    void semicolonsSpacesEmptyEntriesAndDuplicatesAreTolerated() {
        assertThat(parse(" 1384@a ; 1384@b,,1384@a, "))
                .containsExactly(new Endpoint(1384, "a"), new Endpoint(1384, "b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lic1                | entry 1 'lic1': expected port@host",
            "1384@a,/opt/lic.dat | entry 2 '/opt/lic.dat': expected port@host",
            "abc@lic1            | 'abc' is not a port number",
            "99999@lic1          | '99999' is not a port number between 1 and 65535",
            "0@lic1              | '0' is not a port number",
            "1384@               | the host is missing",
            "1384@[::1           | not a host name or a bracketed IPv6 address",
            "1384@a@b            | not a host name",
            "' , ,'              | names no server",
    })
    void badEntriesAreNamedWithTheExpectedForm(String text, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LICMAN_SERVER")
                .hasMessageContaining(message);
    }

    @Test
    void environmentWithoutTheVariableOrWithABlankOneNamesNoServer() {
        assertThat(ServerList.fromEnvironment(Map.of())).isEmpty();
        assertThat(ServerList.fromEnvironment(Map.of("LICMAN_SERVER", "  "))).isEmpty();
        assertThat(ServerList.fromEnvironment(Map.of("LICMAN_SERVER", "1384@lic1")))
                .containsExactly(new Endpoint(1384, "lic1"));
    }
}
