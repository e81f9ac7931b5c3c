package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.ProtocolExamples.Example;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ServerFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps docs/protocol.md true: every {@code ```hex name=...} block must hold exactly the bytes
 * the real encoder produces for the documented values, must decode back to them, and must carry
 * the annotations {@link ProtocolDocPrinter} prints; the appendix must be the .proto verbatim.
 * When an example changes on purpose, run {@code ProtocolDocPrinter} and paste its blocks.
 */
class ProtocolDocExamplesTest {

    private static final Path DOC = Path.of("../docs/protocol.md");
    private static final Path PROTO = Path.of("src/main/proto/licman/v1/licman.proto");
    private static final Pattern HEX_BLOCK = Pattern.compile("(?ms)^```hex name=(\\S+)\\n(.*?)^```$");
    private static final Pattern PROTO_BLOCK = Pattern.compile(
            "(?ms)^```proto file=licman-core/src/main/proto/licman/v1/licman\\.proto\\n(.*?)^```$");
    private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-fA-F]{2}");

    private static String doc;
    private static Map<String, String> blocks;

    @BeforeAll
    static void readDocument() throws IOException {
        doc = Files.readString(DOC);
        blocks = new LinkedHashMap<>();
        Matcher m = HEX_BLOCK.matcher(doc);
        while (m.find()) {
            assertThat(blocks.put(m.group(1), m.group(2))).as("hex block %s appears twice", m.group(1)).isNull();
        }
    }

    @Test
    void documentHasOneHexBlockPerExampleAndNoOthers() {
        assertThat(blocks.keySet()).containsExactlyElementsOf(ProtocolExamples.names());
    }

    @TestFactory
    List<DynamicTest> documentedBytesAreWhatTheEncoderProduces() {
        return ProtocolExamples.all().values().stream()
                .map(example -> DynamicTest.dynamicTest(example.name(), () -> {
                    assertThat(blocks).containsKey(example.name());
                    assertThat(HexFormat.of().formatHex(bytesOf(blocks.get(example.name()))))
                            .as("bytes of the %s block in %s", example.name(), DOC)
                            .isEqualTo(example.hex());
                }))
                .toList();
    }

    @TestFactory
    List<DynamicTest> documentedBytesDecodeToTheDocumentedValues() {
        return ProtocolExamples.all().values().stream()
                .map(example -> DynamicTest.dynamicTest(example.name(), () -> assertDecodes(example,
                        bytesOf(blocks.get(example.name())))))
                .toList();
    }

    @TestFactory
    List<DynamicTest> annotationsAreWhatTheAnnotatorPrints() {
        return ProtocolExamples.all().values().stream()
                .map(example -> DynamicTest.dynamicTest(example.name(), () -> assertThat(blocks.get(example.name()))
                        .as("annotations of %s; regenerate with ProtocolDocPrinter", example.name())
                        .isEqualTo(ProtocolDocPrinter.annotated(example))))
                .toList();
    }

    @Test
    void appendixIsTheProtoFileVerbatim() throws IOException {
        Matcher m = PROTO_BLOCK.matcher(doc);

        assertThat(m.find()).as("%s has a ```proto file=... block", DOC).isTrue();
        assertThat(m.group(1)).isEqualTo(Files.readString(PROTO));
    }

    /** The bytes of a block: the hex pairs before each '#'. */
    static byte[] bytesOf(String block) {
        StringBuilder hex = new StringBuilder();
        for (String line : block.split("\n")) {
            int comment = line.indexOf('#');
            String data = (comment >= 0 ? line.substring(0, comment) : line).trim();
            for (String token : data.split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                assertThat(token).as("'%s' in line '%s' is not a hex byte", token, line).matches(HEX_BYTE);
                hex.append(token);
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    private static void assertDecodes(Example example, byte[] bytes) throws Exception {
        switch (example.kind()) {
            case PREAMBLE -> assertThat(Preamble.parse(bytes)).isEqualTo(Preamble.current());
            case CLIENT_FRAME -> assertThat(Frames.decodeInChunks(FrameDecoder.forServer(),
                    Frames.concat(Preamble.current().toBytes(), bytes), 1)).containsExactly((ClientFrame) example.message());
            case SERVER_FRAME -> assertThat(Frames.decodeInChunks(FrameDecoder.forClient(), bytes, 1))
                    .containsExactly((ServerFrame) example.message());
            case DISCOVERY_REQUEST -> assertThat(DatagramCodec.decodeRequest(bytes, 0, bytes.length).toBuilder()
                    .clearPadding().build()).isEqualTo(ProtocolExamples.discoveryRequest());
            case DISCOVERY_REPLY -> assertThat(DatagramCodec.decodeReply(bytes, 0, bytes.length))
                    .isEqualTo(example.message());
            default -> throw new IllegalStateException(example.kind().toString());
        }
    }
}
