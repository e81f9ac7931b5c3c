package io.licman.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.cli.CliRunner;
import io.licman.cli.CliRunner.Result;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.Sharing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFlexlmTest {

    static final String FLEXLM = """
            SERVER lic1 0011223344AA 27000
            VENDOR acmed port=27001
            # floating CAD seats
            INCREMENT cad_pro acmed 2024.1 31-dec-2027 10 VENDOR_STRING="tier=gold" \\
                DUP_GROUP=UH BORROW=72 OVERDRAFT=2 ISSUED=1-jan-2026 SN=PO-4711 SIGN="0B1C 2D3E"
            FEATURE viewer acmed 1.0 permanent uncounted HOSTID=001A2B3C4D5E SIGN=1234
            PACKAGE suite acmed 1.0 COMPONENTS="render:1.0:2 mesh" SIGN=abcd
            INCREMENT suite acmed 1.0 1-jan-2028 5 START=1-jun-2026 SIGN=99 TS_OK
            """;

    @TempDir
    Path dir;

    @Test
    void featureLinesBecomeASpecThatIssuesEquivalentLicenses() throws Exception {
        CliRunner licman = new CliRunner(dir, Instant.parse("2026-11-27T10:00:00Z"));
        Files.writeString(dir.resolve("old.lic"), FLEXLM);
        licman.run("keygen", "--vendor", "acmed", "--out", "keys");

        Result imported = licman.run("import-flexlm", "old.lic", "--out", "spec.json");
        Result issued = licman.run("issue", "--key", "keys/acmed.key", "--from", "spec.json", "--out", "new.lic");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        List<FeatureLicense> features = LicenseFileReader.read(dir.resolve("new.lic")).features();
        assertThat(features).extracting(FeatureLicense::name).containsExactly("cad_pro", "viewer", "suite");
        FeatureLicense cad = features.get(0);
        assertThat(cad.seats().count()).isEqualTo(10);
        assertThat(cad.sharing()).isEqualTo(Sharing.USER_HOST);
        assertThat(cad.maxBorrow()).isEqualTo(Duration.ofHours(72));
        assertThat(cad.overdraft()).isEqualTo(2);
        assertThat(cad.vendorString()).hasValue("tier=gold");
        assertThat(cad.host().toString()).isEqualTo("server mac:00:11:22:33:44:aa");
        assertThat(features.get(1).host().toString()).isEqualTo("client mac:00:1a:2b:3c:4d:5e");
        assertThat(features.get(1).isPermanent()).isTrue();
        assertThat(features.get(2).components()).extracting(Object::toString).containsExactly("mesh", "render:1.0:2");
        assertThat(features.get(2).start()).hasValueSatisfying(d -> assertThat(d).hasToString("2026-06-01"));
    }

    @Test
    void untranslatableHostIdIsNeverSilentlyDroppedToFloating() throws Exception {
        CliRunner licman = new CliRunner(dir, Instant.parse("2026-11-27T10:00:00Z"));
        Files.writeString(dir.resolve("old.lic"), "FEATURE node acmed 1.0 31-dec-2027 3 HOSTID=ID=1234 MINIMUM=2 SIGN=1\n");
        licman.run("keygen", "--vendor", "acmed", "--out", "keys");

        Result imported = licman.run("import-flexlm", "old.lic", "--out", "spec.json");
        Result issued = licman.run("issue", "--key", "keys/acmed.key", "--from", "spec.json");

        assertThat(imported.err()).contains("line 1 (FEATURE node): host id 'ID=1234' has no licman equivalent")
                .contains("keyword MINIMUM has no licman equivalent");
        assertThat(issued.exitCode()).isEqualTo(2);
        assertThat(issued.err()).contains("'flexlm' is not a host id type");
    }

    @Test
    void fileWithoutFeatureLinesIsANegativeAnswer() throws Exception {
        CliRunner licman = new CliRunner(dir, Instant.now());
        Files.writeString(dir.resolve("old.lic"), "SERVER lic1 ANY\nVENDOR acmed\n");

        Result imported = licman.run("import-flexlm", "old.lic");

        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.err()).contains("no FEATURE or INCREMENT lines found");
    }

    @Test
    void completionAndManPagesComeFromTheCommandDefinitions() throws Exception {
        CliRunner licman = new CliRunner(dir, Instant.now());

        Result bash = licman.run("completion", "bash");
        Result zsh = licman.run("completion", "zsh");
        Result man = licman.run("man", "--out", "man1");

        assertThat(bash.out()).contains("complete -F").contains("import-flexlm").contains("--license");
        assertThat(zsh.out()).startsWith("#compdef licman").contains("bashcompinit");
        assertThat(man.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("man1/licman-server.1"))).startsWith(".TH \"LICMAN-SERVER\" 1")
                .contains(".SH OPTIONS").contains("\\-\\-license");
        assertThat(dir.resolve("man1/licman.1")).exists();
    }
}
