package io.licman.core.license;

import java.util.regex.Pattern;

/** The rules for vendor names, feature names and key ids, in one place. */
public final class Names {

    private static final Pattern VENDOR = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private Names() {
    }

    /** Checks a vendor name: lower-case letters, digits, '.', '_' and '-', at most 64 characters. */
    public static String requireVendor(String vendor) {
        if (vendor == null || !VENDOR.matcher(vendor).matches()) {
            throw new IllegalArgumentException("'" + vendor + "' is not a vendor name: expected lower-case letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters");
        }
        return vendor;
    }

    /** Checks a feature name: letters, digits, '.', '_', '+' and '-', at most 128 characters. */
    public static String requireFeatureName(String name) {
        if (name == null || !FEATURE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a feature name: expected letters, digits, "
                    + "'.', '_', '+' or '-', starting with a letter or digit, at most 128 characters");
        }
        return name;
    }

    /** Checks a key id: letters, digits, '.', '_' and '-', at most 128 characters. */
    public static String requireKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("'" + keyId + "' is not a key id: expected letters, digits, "
                    + "'.', '_' or '-', at most 128 characters");
        }
        return keyId;
    }
}
