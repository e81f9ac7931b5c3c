package io.licman.core.license;

import java.util.List;

/** The field names of the license file format, shared by its reader and writer. */
final class LicenseFileFormat {

    static final String BLOCK_KEYWORD = "feature";
    static final String SIGNATURE = "signature";

    /** Signed fields in the order the writer prints them. */
    static final List<String> SIGNED_FIELDS = List.of(
            "vendor", "version", "count", "start", "expires", "host", "share", "overdraft", "borrow",
            "linger", "tokens", "components", "named-users", "customer", "serial", "issued", "vendor-string");

    /** Longest line accepted, in characters. */
    static final int MAX_LINE_LENGTH = 64 * 1024;

    /** Largest license file accepted, in bytes. */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private LicenseFileFormat() {
    }
}
