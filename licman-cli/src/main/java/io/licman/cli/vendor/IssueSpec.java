package io.licman.cli.vendor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.licman.cli.UserError;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.LicenseFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON issuing spec read by {@code licman issue --from}: either an array of feature objects,
 * or {@code {"defaults": {...}, "features": [...]}} where defaults apply to every feature.
 * Field names are those of the license file ({@code feature}, {@code version}, {@code count},
 * {@code expires}, {@code host}, ...); values are strings, numbers, booleans or, for
 * {@code host} and {@code components}, arrays of strings.
 */
final class IssueSpec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IssueSpec() {
    }

    /** Reads a spec file into one field map per feature. */
    static List<Map<String, List<String>>> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, List<String>> defaults = Map.of();
        JsonNode features = root;
        if (root != null && root.isObject()) {
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("defaults") && !name.equals("features")) {
                    throw new UserError(file + ": unknown top-level key '" + name + "'; expected 'defaults' and 'features'");
                }
            }
            defaults = root.has("defaults") ? fields(root.get("defaults"), file + ", defaults") : Map.of();
            features = root.get("features");
        }
        if (features == null || !features.isArray() || features.isEmpty()) {
            throw new UserError(file + ": expected a non-empty 'features' array of feature objects");
        }
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            Map<String, List<String>> merged = new LinkedHashMap<>(defaults);
            merged.putAll(fields(features.get(i), file + ", feature #" + (i + 1)));
            out.add(merged);
        }
        return out;
    }

    private static Map<String, List<String>> fields(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new UserError(where + ": expected an object of license fields");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!key.equals("feature") && !LicenseFields.isKnown(key) || key.equals("signature")) {
                throw new UserError(where + ": unknown field '" + key + "'; use the license file's field names: feature, "
                        + String.join(", ", LicenseFields.signedFields()) + ", or _name for unsigned notes");
            }
            fields.put(key, words(e.getValue(), where, key));
        }
        return fields;
    }

    private static List<String> words(JsonNode value, String where, String key) {
        if (value.isArray()) {
            List<String> words = new ArrayList<>();
            value.forEach(v -> words.add(scalar(v, where, key)));
            return words;
        }
        if (key.equals("host")) {
            return List.of(scalar(value, where, key).trim().split("\\s+"));
        }
        return List.of(scalar(value, where, key));
    }

    private static String scalar(JsonNode v, String where, String key) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber() || v.isBoolean()) {
            return v.asText();
        }
        throw new UserError(where + ", field '" + key + "': expected text, a whole number or true/false");
    }

    /** Builds the feature from its fields; {@code where} locates errors. */
    static FeatureLicense toFeature(Map<String, List<String>> fields, String where) {
        List<String> name = fields.get("feature");
        if (name == null || name.size() != 1) {
            throw new UserError(where + ": the field 'feature' (the feature name) is required");
        }
        FeatureLicense.Builder builder;
        try {
            builder = FeatureLicense.builder(fields.containsKey("vendor") ? fields.get("vendor").get(0) : "unset", name.get(0));
        } catch (IllegalArgumentException e) {
            throw new UserError(where + ", field 'feature': " + e.getMessage());
        }
        for (String required : LicenseFields.REQUIRED) {
            if (!fields.containsKey(required)) {
                throw new UserError(where + ": the field '" + required + "' is required: " + LicenseFields.expectation(required));
            }
        }
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            if (e.getKey().equals("feature")) {
                continue;
            }
            try {
                LicenseFields.apply(builder, e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new UserError(where + ", field '" + e.getKey() + "': " + ex.getMessage());
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UserError(where + ": " + e.getMessage());
        }
    }
}
