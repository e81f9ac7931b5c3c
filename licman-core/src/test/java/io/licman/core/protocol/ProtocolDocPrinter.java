package io.licman.core.protocol;

import io.licman.core.protocol.ProtocolExamples.Example;

/**
 * Prints every example of {@link ProtocolExamples} as the fenced, annotated hex block that
 * docs/protocol.md carries; run it after changing an example and paste the blocks.
 */
final class ProtocolDocPrinter {

    private ProtocolDocPrinter() {
    }

    public static void main(String[] args) {
        for (Example example : ProtocolExamples.all().values()) {
            System.out.println("```hex name=" + example.name());
            System.out.print(annotated(example));
            System.out.println("```");
            System.out.println();
        }
    }

    static String annotated(Example example) {
        return switch (example.kind()) {
            case PREAMBLE -> WireAnnotator.preamble(example.bytes());
            case CLIENT_FRAME, SERVER_FRAME -> WireAnnotator.frame(example.bytes(), example.descriptor());
            case DISCOVERY_REQUEST, DISCOVERY_REPLY -> WireAnnotator.datagram(example.bytes(), example.descriptor());
        };
    }
}
