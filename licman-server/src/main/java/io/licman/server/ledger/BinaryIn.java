package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.ParsedLicenseFile;
import io.licman.core.license.LicenseFileReader;
import io.licman.core.license.Version;
import io.licman.server.policy.OptionsFileParser;
import io.licman.server.policy.ParsedOptions;
import io.licman.server.policy.Policy;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link BinaryOut} writes. Every length is checked against the bytes left, and
 * every value is validated as it is built, so corrupt input ends in a {@link LedgerFormatException}
 * instead of an allocation failure or an invalid object.
 */
final class BinaryIn {

    private final byte[] data;
    private int pos;
    private final String what;

    BinaryIn(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    LedgerFormatException bad(String message) {
        return new LedgerFormatException("not a valid " + what + ": " + message + " (at byte " + pos + ")");
    }

    private void need(long n) {
        if (n < 0 || n > data.length - pos) {
            throw bad("it ends early");
        }
    }

    byte[] raw(int n) {
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(data, pos, b, 0, n);
        pos += n;
        return b;
    }

    int i8() {
        need(1);
        return data[pos++] & 0xff;
    }

    boolean bool() {
        int b = i8();
        if (b > 1) {
            throw bad("expected a boolean byte, found " + b);
        }
        return b == 1;
    }

    int i32() {
        need(4);
        int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long i64() {
        long hi = i32() & 0xffffffffL;
        long lo = i32() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** A count of items each taking at least {@code minBytes}, checked against the bytes left. */
    int count(int minBytes) {
        int n = i32();
        if (n < 0 || (long) n * minBytes > data.length - pos) {
            throw bad("a count of " + n + " items does not fit the remaining bytes");
        }
        return n;
    }

    String str() {
        int n = i32();
        need(n);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw bad("a string is not UTF-8");
        }
    }

    String optStr() {
        return bool() ? str() : null;
    }

    int[] ints() {
        int n = i32();
        if (n == -1) {
            return null;
        }
        if (n < 0 || (long) n * 4 > data.length - pos) {
            throw bad("an array of " + n + " numbers does not fit the remaining bytes");
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i32();
        }
        return out;
    }

    FeatureKey featureKey() {
        String vendor = str();
        String name = str();
        return valid(() -> {
            io.licman.core.license.Names.requireVendor(vendor);
            io.licman.core.license.Names.requireFeatureName(name);
            return new FeatureKey(vendor, name);
        });
    }

    Secret secret() {
        return Secret.of(raw(Secret.BYTES));
    }

    ClientIdentity client() {
        String user = str();
        String host = str();
        String display = str();
        String ip = str();
        String project = str();
        long pid = i64();
        String clientId = str();
        return valid(() -> new ClientIdentity(user, host, display, ip, project, pid, clientId));
    }

    CheckoutRequest request() {
        String vendor = str();
        String feature = str();
        String version = str();
        int count = i32();
        ClientIdentity client = client();
        List<HostId> ids = hostIds();
        boolean queue = bool();
        long borrow = i64();
        return valid(() -> new CheckoutRequest(vendor, feature, Version.parse(version), count, client, ids, queue,
                Duration.ofMillis(borrow)));
    }

    List<HostId> hostIds() {
        int n = count(4);
        List<HostId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String text = str();
            ids.add(valid(() -> HostId.parse(text)));
        }
        return ids;
    }

    FeatureLicense license() {
        String text = str();
        ParsedLicenseFile parsed = LicenseFileReader.parse(text, "<" + what + ">");
        if (parsed.hasProblems() || parsed.features().size() != 1) {
            throw bad("a license block does not parse: " + (parsed.hasProblems() ? parsed.problems().get(0) : "expected one block"));
        }
        return parsed.features().get(0);
    }

    List<FeatureLicense> licenses() {
        int n = count(4);
        List<FeatureLicense> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(license());
        }
        return out;
    }

    Policy policy() {
        ParsedOptions parsed = OptionsFileParser.parse(str(), "<" + what + ">");
        if (!parsed.isValid()) {
            throw bad("the policy does not parse: " + parsed.problems().get(0));
        }
        return parsed.toPolicy().orElseThrow();
    }

    boolean atEnd() {
        return pos == data.length;
    }

    void end() {
        if (!atEnd()) {
            throw bad((data.length - pos) + " unexpected bytes after the end");
        }
    }

    /** Builds a value, turning a validation failure into a format error. */
    <T> T valid(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw bad(e.getMessage());
        }
    }
}
