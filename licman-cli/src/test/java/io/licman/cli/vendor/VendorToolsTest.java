package io.licman.cli.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.cli.CliRunner;
import io.licman.cli.CliRunner.Result;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.ParsedLicenseFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VendorToolsTest {

    @TempDir
    Path dir;
    CliRunner licman;

    @BeforeEach
    void setUp() {
        licman = new CliRunner(dir, Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void keygenWritesAPrivateKeyOnlyTheOwnerCanReadAndRefusesToOverwrite() throws Exception {
        Result first = licman.run("keygen", "--vendor", "acme", "--out", "keys");
        Result second = licman.run("keygen", "--vendor", "acme", "--out", "keys");

        assertThat(first.exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/acme.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/acme.pub")))).isEqualTo("rw-r--r--");
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.err()).contains("acme.key already exists; use --force");
        assertThat(licman.run("keygen", "--vendor", "acme", "--out", "keys", "--force").exitCode()).isZero();
    }

    @Test
    void issuedFeatureVerifiesWithTheVendorsPublicKey() throws Exception {
        licman.run("keygen", "--vendor", "acme", "--out", "keys", "--key-id", "acme-2026");
        Result issue = licman.run("issue", "--key", "keys/acme.key", "--feature", "cad-pro", "--version", "2.0", "--count", "10",
                "--expires", "2027-12-31", "--share", "user+host", "--borrow", "72h", "--customer", "Example Corp", "--out", "site.lic");
        Result verify = licman.run("verify", "--trust", "keys", "site.lic");

        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("valid    acme/cad-pro").contains("10 seats, expires 2027-12-31").contains("1 valid, 0 invalid");
        FeatureLicense feature = LicenseFileReader.read(dir.resolve("site.lic")).features().get(0);
        assertThat(feature.issued()).hasToString("2026-11-27");
        assertThat(feature.signature().orElseThrow().keyId()).isEqualTo("acme-2026");
    }

    @Test
    void verifyExitsNonZeroAndNamesTheReasonForEachBadFeature() throws Exception {
        licman.run("keygen", "--vendor", "acme", "--out", "keys");
        licman.run("keygen", "--vendor", "acme", "--out", "other", "--key-id", "acme-rogue");
        licman.run("issue", "--key", "keys/acme.key", "--feature", "good", "--version", "1", "--count", "1", "--expires", "2030-01-01", "--out", "a.lic");
        licman.run("issue", "--key", "keys/acme.key", "--feature", "old", "--version", "1", "--count", "1", "--expires", "2025-01-01", "--out", "a.lic", "--append");
        licman.run("issue", "--key", "other/acme.key", "--feature", "rogue", "--version", "1", "--count", "1", "--expires", "2030-01-01", "--out", "a.lic", "--append");
        licman.run("issue", "--key", "keys/acme.key", "--feature", "bound", "--version", "1", "--count", "1", "--expires", "2030-01-01",
                "--hostid", "hostname:licserver", "--out", "a.lic", "--append");
        licman.run("issue", "--key", "keys/acme.key", "--feature", "tampered", "--version", "1", "--count", "5", "--expires", "2030-01-01", "--out", "a.lic", "--append");
        Files.writeString(dir.resolve("a.lic"), Files.readString(dir.resolve("a.lic")).replace("count          5", "count          50"));

        Result result = licman.run("verify", "--trust", "keys", "--hostid", "hostname:elsewhere", "a.lic");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out().lines()).anySatisfy(l -> assertThat(l).startsWith("valid    acme/good"))
                .anySatisfy(l -> assertThat(l).startsWith("INVALID  acme/old").contains("expired"))
                .anySatisfy(l -> assertThat(l).startsWith("INVALID  acme/rogue").contains("unknown vendor key").contains("acme-rogue"))
                .anySatisfy(l -> assertThat(l).startsWith("INVALID  acme/bound").contains("wrong host").contains("hostname:licserver"))
                .anySatisfy(l -> assertThat(l).startsWith("INVALID  acme/tampered").contains("bad signature"));
        assertThat(result.out()).contains("1 valid, 4 invalid, 0 unreadable");
    }

    @Test
    void verifyJsonIsMachineReadable() {
        licman.run("keygen", "--vendor", "acme", "--out", "keys");
        licman.run("issue", "--key", "keys/acme.key", "--feature", "cad", "--version", "1", "--count", "uncounted", "--expires", "permanent",
                "--hostid", "mac:00:11:22:33:44:55", "--out", "a.lic");

        Result result = licman.run("verify", "--trust", "keys", "--json", "a.lic");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"valid\" : true").contains("\"feature\" : \"cad\"").contains("\"uncounted\" : true")
                .contains("\"status\" : \"VALID\"");
        ParsedLicenseFile parsed = LicenseFileReader.read(dir.resolve("a.lic"));
        assertThat(parsed.features().get(0).host().toString()).isEqualTo("client mac:00:11:22:33:44:55");
    }

    @Test
    void issueFromSpecSignsManyFeaturesWithDefaults() throws Exception {
        licman.run("keygen", "--vendor", "acme", "--out", "keys");
        Files.writeString(dir.resolve("spec.json"), """
                {"defaults": {"customer": "Example Corp", "expires": "2027-12-31", "version": "3.0"},
                 "features": [
                   {"feature": "cad-pro", "count": 10, "share": "user+host", "borrow": "14d"},
                   {"feature": "cad-suite", "count": 2, "components": ["cad-render:3.0:2", "cad-mesh"], "tokens": 2},
                   {"feature": "cad-node", "count": "uncounted", "host": ["client", "machine-id:0123456789abcdef0123456789abcdef"]}
                 ]}
                """);

        Result result = licman.run("issue", "--key", "keys/acme.key", "--from", "spec.json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        ParsedLicenseFile parsed = LicenseFileReader.parse(result.out(), "out");
        assertThat(parsed.features()).extracting(FeatureLicense::name).containsExactly("cad-pro", "cad-suite", "cad-node");
        assertThat(parsed.features()).allSatisfy(f -> assertThat(f.customer()).hasValue("Example Corp"));
        assertThat(parsed.features().get(1).components()).hasSize(2);
    }

    @Test
    void badSpecValueNamesTheFeatureAndField() throws Exception {
        licman.run("keygen", "--vendor", "acme", "--out", "keys");
        Files.writeString(dir.resolve("spec.json"), "[{\"feature\": \"a\", \"version\": \"1\", \"count\": 1, \"expires\": \"permanent\"},"
                + " {\"feature\": \"b\", \"version\": \"1\", \"count\": -4, \"expires\": \"permanent\"}]");

        Result result = licman.run("issue", "--key", "keys/acme.key", "--from", "spec.json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("licman issue: spec.json, feature #2, field 'count': '-4' is not a seat count: expected a whole number or 'uncounted'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void issuingWithAPublicKeyFileExplainsWhichFileIsNeeded() {
        licman.run("keygen", "--vendor", "acme", "--out", "keys");

        Result result = licman.run("issue", "--key", "keys/acme.pub", "--feature", "x", "--version", "1", "--count", "1", "--expires", "permanent");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no private-key field").contains(".key file");
    }

    @Test
    void verifyOfAMissingTrustDirectorySaysWhatToDo() {
        Result result = licman.run("verify", "--trust", "nowhere", "x.lic");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("the trust directory does not exist");
    }

    @Test
    void demoPreparesAKeyAndALicenseThatVerify() {
        Result demo = licman.run("demo", "--dir", "d", "--prepare-only");
        Result verify = licman.run("verify", "--trust", "d/trust", "--no-host-check", "d/demo.lic");

        assertThat(demo.exitCode()).isZero();
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("3 valid, 0 invalid");
    }
}
