package io.licman.client;

import static io.licman.client.Fixtures.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.licman.core.protocol.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderTest {

    private static LicenseClient.Builder minimal() {
        return LicenseClient.builder().vendorKey(ACME.publicKey()).environment(Map.of()).host("ws17").hostIds(List.of());
    }

    @Test
    void vendorKeyIsRequired() {
        assertThatThrownBy(() -> LicenseClient.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("vendorKey");
    }

    @Test
    void vendorKeyIsReadFromAPubFileOrItsText(@TempDir Path dir) throws Exception {
        Path pub = dir.resolve("acme.pub");
        Files.writeString(pub, ACME.publicKey().toFileText());
        try (LicenseClient fromFile = LicenseClient.builder().vendorKey(pub).environment(Map.of()).host("h")
                .hostIds(List.of()).build();
             LicenseClient fromText = LicenseClient.builder().vendorKey(ACME.publicKey().toFileText())
                     .environment(Map.of()).host("h").hostIds(List.of()).build()) {
            assertThat(fromFile.vendor()).isEqualTo("acme");
            assertThat(fromText.vendor()).isEqualTo("acme");
        }
    }

    @Test
    void missingOrPrivateKeyFileIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> LicenseClient.builder().vendorKey(dir.resolve("none.pub")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none.pub");
        Path key = dir.resolve("acme.key");
        Files.writeString(key, ACME.toFileText());
        assertThatThrownBy(() -> LicenseClient.builder().vendorKey(key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRIVATE");
    }

    @Test
    void serversComeFromTheBuilderThenLicmanServerThenDiscovery() {
        try (LicenseClient explicit = minimal().environment(Map.of("LICMAN_SERVER", "1384@env")).servers("1384@lic1").build();
             LicenseClient fromEnv = minimal().environment(Map.of("LICMAN_SERVER", "1384@env:1385@env2")).build();
             LicenseClient discovering = minimal().build()) {
            assertThat(explicit.servers()).containsExactly(new Endpoint(1384, "lic1"));
            assertThat(fromEnv.servers()).containsExactly(new Endpoint(1384, "env"), new Endpoint(1385, "env2"));
            assertThat(discovering.servers()).isEmpty();
        }
    }

    @Test
    void malformedLicmanServerFailsTheBuildNamingTheVariable() {
        assertThatThrownBy(() -> minimal().environment(Map.of("LICMAN_SERVER", "lic1")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LICMAN_SERVER")
                .hasMessageContaining("port@host");
    }

    @Test
    void durationsAndTextsAreCheckedOnInput() {
        LicenseClient.Builder builder = LicenseClient.builder();
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.requestTimeout(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.requestTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.user(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.host("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.servers(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.servers("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newBuilderKeepsTheSettingsAndChangesOnlyTheCopy() {
        try (LicenseClient first = minimal().servers("1384@lic1").user("alice").build();
             LicenseClient second = first.newBuilder().servers("1384@lic2").build()) {
            assertThat(first.servers()).containsExactly(new Endpoint(1384, "lic1"));
            assertThat(second.servers()).containsExactly(new Endpoint(1384, "lic2"));
            assertThat(second.vendor()).isEqualTo("acme");
            assertThat(first.engine().clientId()).isNotEqualTo(second.engine().clientId());
        }
    }

    @Test
    void checkoutRequestValuesAreCheckedOnInput() {
        assertThatThrownBy(() -> CheckoutRequest.of("bad name", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckoutRequest.of("cad-pro", "two")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckoutRequest.builder("cad-pro").count(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckoutRequest.builder("cad-pro").waitInQueue(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckoutRequest.builder("cad-pro").borrow(Duration.ofDays(400)))
                .isInstanceOf(IllegalArgumentException.class);
        CheckoutRequest request = CheckoutRequest.builder("cad-pro").minVersion("2.0").count(2).build();
        assertThat(request.toBuilder().build().toString()).isEqualTo("cad-pro >= 2.0 x2");
        assertThat(request.queueWait()).isEmpty();
    }
}
