package io.licman.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class ClientTlsTest {

    private static final String PIN = "sha256:" + "3F1A".repeat(16);

    @Test
    void pinsAreNormalisedAndCheckedForForm() {
        assertThat(ClientTls.normalizePin(PIN)).isEqualTo("sha256:" + "3f1a".repeat(16));
        assertThat(ClientTls.normalizePin("SHA256:" + "3f:1a:".repeat(15) + "3f:1a")).isEqualTo("sha256:" + "3f1a".repeat(16));
        assertThatThrownBy(() -> ClientTls.normalizePin("3f1a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256:");
        assertThatThrownBy(() -> ClientTls.normalizePin("sha256:xyz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socketsSpeakOnlyTls13And12() throws Exception {
        try (SSLSocket socket = (SSLSocket) ClientTls.builder().pin(PIN).build().socketFactory().createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void aPinAndTrustedAuthoritiesTogetherAreRefused() throws Exception {
        KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
        empty.load(null, null);

        assertThatThrownBy(() -> ClientTls.builder().pin(PIN).trustStore(empty).build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tlsAndAnExplicitSocketFactoryTogetherAreRefused() {
        LicenseClient.Builder builder = LicenseClient.builder().vendorKey("vendor      acme\nkey-id      acme-1\npublic-key  MCowBQYDK2VwAyEAeeQSJsRkaJcZ8GAEohZvD+4/HTnyN+TfSxHuekwiBw4=\n")
                .servers("1384@localhost").socketFactory(SocketFactory.getDefault()).tlsPin(PIN);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }
}
