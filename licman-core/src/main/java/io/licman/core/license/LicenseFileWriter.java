package io.licman.core.license;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes feature blocks in the license file format, fields aligned, one per line. */
public final class LicenseFileWriter {

    private static final String INDENT = "    ";
    private static final int KEY_WIDTH = 14;

    private LicenseFileWriter() {
    }

    /** The text of several blocks, separated by blank lines. */
    public static String write(List<FeatureLicense> features) {
        return features.stream().map(LicenseFileWriter::write).collect(Collectors.joining("\n"));
    }

    /** The text of one block, ending with a newline. */
    public static String write(FeatureLicense f) {
        StringBuilder out = new StringBuilder(640);
        out.append(LicenseFileFormat.BLOCK_KEYWORD).append(' ').append(f.name()).append(" {\n");
        field(out, "vendor", f.vendor());
        field(out, "version", f.version().toString());
        field(out, "count", f.seats().toString());
        f.start().ifPresent(d -> field(out, "start", d.toString()));
        field(out, "expires", f.expires().map(Object::toString).orElse("permanent"));
        field(out, "host", f.host().toString());
        field(out, "share", f.sharing().toString());
        if (f.overdraft() > 0) {
            field(out, "overdraft", Integer.toString(f.overdraft()));
        }
        if (!f.maxBorrow().isZero()) {
            field(out, "borrow", DurationText.format(f.maxBorrow()));
        }
        if (!f.linger().isZero()) {
            field(out, "linger", DurationText.format(f.linger()));
        }
        if (f.tokens() != 1) {
            field(out, "tokens", Integer.toString(f.tokens()));
        }
        if (f.isPackage()) {
            field(out, "components", f.components().stream().map(Component::toString).collect(Collectors.joining(" ")));
        }
        if (f.namedUsers()) {
            field(out, "named-users", "yes");
        }
        f.customer().ifPresent(c -> field(out, "customer", quote(c)));
        f.serial().ifPresent(s -> field(out, "serial", quoteIfNeeded(s)));
        field(out, "issued", f.issued().toString());
        f.vendorString().ifPresent(v -> field(out, "vendor-string", quote(v)));
        for (Map.Entry<String, String> e : f.unsigned().entrySet()) {
            field(out, "_" + e.getKey(), quote(e.getValue()));
        }
        f.signature().ifPresent(s -> field(out, LicenseFileFormat.SIGNATURE, s.toString()));
        return out.append("}\n").toString();
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append(INDENT).append(key);
        for (int i = key.length(); i < KEY_WIDTH; i++) {
            out.append(' ');
        }
        out.append(' ').append(value).append('\n');
    }

    private static String quoteIfNeeded(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '#' || c == '"' || c == '{' || c == '}' || c == '\\' || c == '=') {
                return quote(s);
            }
        }
        return s.isEmpty() ? quote(s) : s;
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
