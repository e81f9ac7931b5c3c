package io.licman.core.license;

/**
 * Something wrong in a license file, located precisely enough to fix it.
 *
 * @param location the file and line
 * @param feature the feature block it belongs to, or {@code null} outside any block
 * @param field the field, or {@code null} when the problem is not about one field
 * @param message what is wrong and what was expected
 */
public record LicenseProblem(SourceLocation location, String feature, String field, String message) {

    /** {@code site.lic:12: feature cad-pro, field 'count': '-3' is not a seat count: ...}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(location).append(": ");
        if (feature != null) {
            out.append("feature ").append(feature).append(", ");
        }
        if (field != null) {
            out.append("field '").append(field).append("': ");
        }
        return out.append(message).toString();
    }
}
