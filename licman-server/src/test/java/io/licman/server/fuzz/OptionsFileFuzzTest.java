package io.licman.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.licman.server.policy.OptionsFileParser;
import io.licman.server.policy.ParsedOptions;

/**
 * The options file parser reads any bytes into a policy or a list of problems; it never throws.
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md).
 */
class OptionsFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void anyBytesGiveAPolicyOrProblems(byte[] content) {
        ParsedOptions parsed = OptionsFileParser.parse(content, "fuzz.opt");
        if (parsed.toPolicy().isEmpty() && parsed.problems().isEmpty()) {
            throw new IllegalStateException("no policy and no problem for " + content.length + " bytes");
        }
    }
}
