package io.licman.server.ledger;

import io.licman.core.hostid.HostId;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFileWriter;
import io.licman.server.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Big-endian binary writer for snapshots and commands. Strings are a 4-byte length and UTF-8;
 * licenses are their license-file text and policies their canonical options text, so both
 * formats reuse the documented text formats.
 */
final class BinaryOut {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);

    BinaryOut raw(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    BinaryOut i8(int v) {
        try {
            out.writeByte(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    BinaryOut bool(boolean v) {
        return i8(v ? 1 : 0);
    }

    BinaryOut i32(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    BinaryOut i64(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    BinaryOut str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return i32(b.length).raw(b);
    }

    /** A string that may be {@code null}: a presence byte, then the string. */
    BinaryOut optStr(String s) {
        bool(s != null);
        return s == null ? this : str(s);
    }

    BinaryOut ints(int[] values) {
        if (values == null) {
            return i32(-1);
        }
        i32(values.length);
        for (int v : values) {
            i32(v);
        }
        return this;
    }

    BinaryOut secret(Secret s) {
        return raw(s.raw());
    }

    BinaryOut client(ClientIdentity c) {
        return str(c.user()).str(c.host()).str(c.display()).str(c.ip()).str(c.project()).i64(c.processId()).str(c.clientId());
    }

    BinaryOut request(CheckoutRequest r) {
        str(r.vendor()).str(r.feature()).str(r.minimumVersion().toString()).i32(r.count()).client(r.client());
        hostIds(r.clientHostIds());
        return bool(r.queueIfBusy()).i64(r.borrow().toMillis());
    }

    BinaryOut hostIds(List<HostId> ids) {
        i32(ids.size());
        for (HostId id : ids) {
            str(id.toString());
        }
        return this;
    }

    BinaryOut license(FeatureLicense f) {
        return str(LicenseFileWriter.write(f));
    }

    BinaryOut licenses(List<FeatureLicense> features) {
        i32(features.size());
        for (FeatureLicense f : features) {
            license(f);
        }
        return this;
    }

    BinaryOut policy(Policy p) {
        return str(p.toOptionsText());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
