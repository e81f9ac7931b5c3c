package io.licman.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.ParsedLicenseFile;
import java.util.Objects;

/**
 * The licence file parser reads any bytes into blocks and problems with line numbers; it never
 * throws. {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class LicenseFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void anyBytesParseIntoBlocksAndProblems(byte[] content) {
        ParsedLicenseFile parsed = LicenseFileReader.parse(content, "fuzz.lic");
        Objects.requireNonNull(parsed);
        parsed.toString();
    }
}
