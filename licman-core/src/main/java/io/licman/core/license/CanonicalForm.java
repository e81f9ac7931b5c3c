package io.licman.core.license;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * The exact bytes a vendor signs for one feature: every signed field, defaults included, one
 * {@code key=value} line each in a fixed order, after a domain line.
 *
 * <p>Layout, field order, comments and unsigned fields of the written file do not appear here,
 * so reformatting a file keeps its signatures valid; any change to a value does appear, so a
 * changed meaning breaks the signature. Text values escape {@code \} and non-printing
 * characters, so no value can forge another line. The format is specified in
 * {@code docs/license-format.md}; changing it invalidates every issued license.
 */
public final class CanonicalForm {

    /** The first line, which keeps these bytes from being valid in any other signed context. */
    public static final String DOMAIN = "licman-feature-v1";

    private CanonicalForm() {
    }

    /** The canonical text of {@code feature} signed by {@code keyId}. */
    public static String of(FeatureLicense feature, String keyId) {
        StringBuilder out = new StringBuilder(512);
        out.append(DOMAIN).append('\n');
        line(out, "borrow", Long.toString(feature.maxBorrow().getSeconds()));
        line(out, "components", feature.components().stream().map(Component::toString).collect(Collectors.joining(",")));
        line(out, "count", feature.seats().toString());
        line(out, "customer", feature.customer().orElse(""));
        line(out, "expires", feature.expires().map(Object::toString).orElse("permanent"));
        line(out, "feature", feature.name());
        line(out, "host", feature.host().toString());
        line(out, "issued", feature.issued().toString());
        line(out, "key-id", keyId);
        line(out, "linger", Long.toString(feature.linger().getSeconds()));
        line(out, "named-users", Boolean.toString(feature.namedUsers()));
        line(out, "overdraft", Integer.toString(feature.overdraft()));
        line(out, "serial", feature.serial().orElse(""));
        line(out, "share", feature.sharing().toString());
        line(out, "start", feature.start().map(Object::toString).orElse(""));
        line(out, "tokens", Integer.toString(feature.tokens()));
        line(out, "vendor", feature.vendor());
        line(out, "vendor-string", feature.vendorString().orElse(""));
        line(out, "version", feature.version().toString());
        return out.toString();
    }

    /** The canonical text of {@code feature} with the key id of its own signature (empty when unsigned). */
    public static String of(FeatureLicense feature) {
        return of(feature, feature.signature().map(FeatureSignature::keyId).orElse(""));
    }

    /** {@link #of(FeatureLicense, String)} as UTF-8 bytes, ready to sign or verify. */
    public static byte[] bytes(FeatureLicense feature, String keyId) {
        return of(feature, keyId).getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\n');
    }
}
