package io.licman.core.license;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a feature's fields from their text, as written in a license file or an issuing spec.
 * One place knows every field's syntax, so the file reader, {@code licman issue} and the
 * FlexLM importer accept exactly the same values with the same messages.
 */
public final class LicenseFields {

    /** Fields without which a block is incomplete, with what each expects. */
    public static final List<String> REQUIRED = List.of("vendor", "version", "count", "expires", "issued");

    private LicenseFields() {
    }

    /** The signed field names in their printed order. */
    public static List<String> signedFields() {
        return LicenseFileFormat.SIGNED_FIELDS;
    }

    /** What a required field expects, for "missing field" messages. */
    public static String expectation(String field) {
        return switch (field) {
            case "vendor" -> "a vendor name";
            case "version" -> "a version such as 2.0";
            case "count" -> "a number of seats or 'uncounted'";
            case "expires" -> "a date YYYY-MM-DD or 'permanent'";
            case "issued" -> "the issue date YYYY-MM-DD";
            default -> "a value";
        };
    }

    /**
     * Applies one field to {@code builder}.
     *
     * @param field a signed field name, {@code signature}, or an unsigned {@code _name}
     * @param words the value's words (most fields take exactly one)
     * @throws IllegalArgumentException saying what was expected
     */
    public static void apply(FeatureLicense.Builder builder, String field, List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the field has no value");
        }
        if (field.startsWith("_")) {
            builder.unsigned(field.substring(1), single(words));
            return;
        }
        switch (field) {
            case "vendor" -> builder.vendor(single(words));
            case "version" -> builder.version(single(words));
            case "count" -> builder.seats(Seats.parse(single(words)));
            case "expires" -> {
                String s = single(words);
                builder.expires(s.equals("permanent") ? null : date(s));
            }
            case "issued" -> builder.issued(date(single(words)));
            case "start" -> builder.start(date(single(words)));
            case "host" -> builder.host(HostBinding.parse(words));
            case "share" -> builder.sharing(Sharing.parse(single(words)));
            case "overdraft" -> builder.overdraft(number(single(words)));
            case "borrow" -> builder.maxBorrow(DurationText.parse(single(words)));
            case "linger" -> builder.linger(DurationText.parse(single(words)));
            case "tokens" -> builder.tokens(number(single(words)));
            case "components" -> builder.components(components(words));
            case "named-users" -> builder.namedUsers(bool(single(words)));
            case "customer" -> builder.customer(single(words));
            case "serial" -> builder.serial(single(words));
            case "vendor-string" -> builder.vendorString(single(words));
            case "signature" -> builder.signature(FeatureSignature.parse(single(words)));
            default -> throw new IllegalArgumentException("unknown field '" + field + "'; signed fields are "
                    + String.join(", ", LicenseFileFormat.SIGNED_FIELDS)
                    + ", unsigned fields start with '_', and the block ends with 'signature'");
        }
    }

    /** True for every field name {@link #apply} accepts. */
    public static boolean isKnown(String field) {
        return LicenseFileFormat.SIGNED_FIELDS.contains(field) || field.equals(LicenseFileFormat.SIGNATURE) || field.startsWith("_");
    }

    private static String single(List<String> words) {
        if (words.size() != 1) {
            throw new IllegalArgumentException("expected one value, found " + words.size() + " (quote text that contains spaces)");
        }
        return words.get(0);
    }

    /** Parses a calendar date {@code YYYY-MM-DD}. */
    public static LocalDate date(String text) {
        try {
            if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("", text, 0);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date: expected YYYY-MM-DD, such as 2027-12-31");
        }
    }

    private static int number(String text) {
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        return Integer.parseInt(text);
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not yes or no");
        };
    }

    private static List<Component> components(List<String> words) {
        List<Component> out = new ArrayList<>();
        for (String word : words) {
            for (String part : word.split(",")) {
                if (!part.isEmpty()) {
                    out.add(Component.parse(part));
                }
            }
        }
        return out;
    }
}
