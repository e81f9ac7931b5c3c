package io.licman.cli.migrate;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns FlexLM license lines into licman issuing specs (the {@code --from} input of
 * {@code licman issue}). Signatures cannot carry over: the vendor re-signs every feature with
 * its own licman key. Whatever has no licman equivalent becomes a warning naming the line.
 */
final class FlexlmImport {

    /** Keywords dropped silently: signatures, checksums and FlexLM-internal bookkeeping. */
    private static final Set<String> IGNORED = Set.of("SIGN", "SIGN2", "CK", "AUTH", "VENDOR_INFO", "DIST_INFO", "USER_INFO",
            "ISSUER", "TS_OK", "SUPERSEDE", "SORT", "OPTIONS", "COMPONENTS", "PLATFORMS", "FLOAT_OK", "SN_SIG");

    private static final DateTimeFormatter FLEXLM_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-uuuu").toFormatter(Locale.ENGLISH);

    /** The result: one spec object per feature, and what could not be carried over. */
    record Result(List<Map<String, Object>> features, List<String> warnings) {
    }

    private FlexlmImport() {
    }

    static Result convert(String text) {
        List<String> warnings = new ArrayList<>();
        List<FlexlmLicenseFile.Line> lines = FlexlmLicenseFile.parse(text, warnings);
        Map<String, List<String>> packages = new LinkedHashMap<>();
        String serverHostId = null;
        for (FlexlmLicenseFile.Line line : lines) {
            if (line.keyword().equals("PACKAGE") && !line.fields().isEmpty()) {
                String components = line.keywords().getOrDefault("COMPONENTS", "");
                packages.put(line.fields().get(0), List.of(components.trim().split("\\s+")));
            } else if (line.keyword().equals("SERVER") && line.fields().size() >= 2) {
                serverHostId = line.fields().get(1);
            }
        }
        List<Map<String, Object>> features = new ArrayList<>();
        Map<String, Integer> featureLines = new LinkedHashMap<>();
        for (FlexlmLicenseFile.Line line : lines) {
            switch (line.keyword()) {
                case "FEATURE", "INCREMENT", "UPGRADE" -> {
                    Map<String, Object> spec = feature(line, serverHostId, packages, warnings);
                    if (spec != null) {
                        String name = (String) spec.get("feature");
                        Integer earlier = featureLines.put(name, line.number());
                        if (earlier != null && line.keyword().equals("FEATURE")) {
                            warnings.add("line " + line.number() + ": a second FEATURE line for " + name + " (first on line " + earlier
                                    + "); FlexLM ignores it unless the version differs, licman adds all seats up like INCREMENT");
                        }
                        features.add(spec);
                    }
                }
                case "SERVER", "VENDOR", "DAEMON", "USE_SERVER", "PACKAGE" -> {
                    // read above, or nothing to carry over
                }
                default -> warnings.add("line " + line.number() + ": '" + line.keyword() + "' lines have no licman equivalent; skipped");
            }
        }
        if (features.isEmpty()) {
            warnings.add("no FEATURE or INCREMENT lines found");
        }
        return new Result(features, warnings);
    }

    private static Map<String, Object> feature(FlexlmLicenseFile.Line line, String serverHostId, Map<String, List<String>> packages,
                                               List<String> warnings) {
        List<String> f = line.fields();
        String where = "line " + line.number() + " (" + line.keyword() + (f.isEmpty() ? "" : " " + f.get(0)) + ")";
        int needed = line.keyword().equals("UPGRADE") ? 6 : 5;
        if (f.size() < needed) {
            warnings.add(where + ": expected NAME VENDOR VERSION EXPIRY COUNT; skipped");
            return null;
        }
        if (line.keyword().equals("UPGRADE")) {
            warnings.add(where + ": UPGRADE becomes a plain feature of the new version; remove the old license yourself");
            f = List.of(f.get(0), f.get(1), f.get(3), f.get(4), f.get(5));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("feature", f.get(0));
        spec.put("vendor", f.get(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-"));
        spec.put("version", version(f.get(2), where, warnings));
        spec.put("expires", expiry(f.get(3), where, warnings));
        String count = f.get(4);
        boolean uncounted = count.equalsIgnoreCase("uncounted") || count.equals("0");
        spec.put("count", uncounted ? "uncounted" : count);
        Map<String, String> k = line.keywords();
        String hostId = k.get("HOSTID");
        if (hostId != null) {
            host(hostId, "client", where, warnings).ifPresent(h -> spec.put("host", h));
        } else if (!uncounted && serverHostId != null) {
            host(serverHostId, "server", where + ", from the SERVER line", warnings).ifPresent(h -> spec.put("host", h));
        }
        if (k.containsKey("START")) {
            spec.put("start", date(k.get("START"), where, "START", warnings));
        }
        if (k.containsKey("ISSUED")) {
            spec.put("issued", date(k.get("ISSUED"), where, "ISSUED", warnings));
        }
        if (k.containsKey("BORROW")) {
            String hours = k.get("BORROW");
            spec.put("borrow", (hours.isEmpty() ? "168" : hours) + "h");
        }
        if (k.containsKey("OVERDRAFT")) {
            spec.put("overdraft", k.get("OVERDRAFT"));
        }
        if (k.containsKey("DUP_GROUP")) {
            sharing(k.get("DUP_GROUP"), where, warnings).ifPresent(s -> spec.put("share", s));
        }
        if (k.containsKey("VENDOR_STRING")) {
            spec.put("vendor-string", k.get("VENDOR_STRING"));
        }
        if (k.containsKey("SN")) {
            spec.put("serial", k.get("SN"));
        }
        if (k.containsKey("NOTICE")) {
            spec.put("customer", k.get("NOTICE"));
        }
        List<String> components = packages.get(f.get(0));
        if (components != null && !components.isEmpty() && !components.get(0).isEmpty()) {
            spec.put("components", components);
        }
        for (String key : k.keySet()) {
            if (!IGNORED.contains(key) && !Set.of("HOSTID", "START", "ISSUED", "BORROW", "OVERDRAFT", "DUP_GROUP", "VENDOR_STRING", "SN",
                    "NOTICE").contains(key)) {
                warnings.add(where + ": keyword " + key + " has no licman equivalent; dropped");
            }
        }
        return spec;
    }

    private static String version(String v, String where, List<String> warnings) {
        if (v.matches("\\d{1,9}(\\.\\d{1,9}){0,7}")) {
            return v;
        }
        String digits = v.replaceAll("[^0-9.]", "");
        warnings.add(where + ": version '" + v + "' is not dotted numbers; using '" + (digits.isEmpty() ? "0" : digits) + "'");
        return digits.isEmpty() ? "0" : digits;
    }

    private static String expiry(String text, String where, List<String> warnings) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("permanent") || t.equals("0") || t.matches("\\d{1,2}-jan-0{1,4}")) {
            return "permanent";
        }
        return date(text, where, "expiry", warnings);
    }

    private static String date(String text, String where, String what, List<String> warnings) {
        try {
            String normalized = text.replaceAll("-(\\d{2})$", "-20$1");
            return LocalDate.parse(normalized, FLEXLM_DATE).toString();
        } catch (RuntimeException e) {
            warnings.add(where + ": " + what + " date '" + text + "' is not D-MMM-YYYY; fix it in the spec");
            return text;
        }
    }

    private static java.util.Optional<List<String>> host(String flexlmId, String side, String where, List<String> warnings) {
        String id = flexlmId.trim();
        String upper = id.toUpperCase(Locale.ROOT);
        if (upper.equals("ANY") || upper.equals("DEMO")) {
            return java.util.Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        for (String part : id.replace("\"", "").split("\\s+")) {
            String hex = part.replaceAll("[:-]", "");
            if (hex.matches("(?i)[0-9a-f]{12}")) {
                ids.add("mac:" + hex.toLowerCase(Locale.ROOT));
            } else {
                // Never let an untranslatable binding become floating: 'licman issue' refuses this id until it is replaced.
                ids.add("flexlm:" + part);
                warnings.add(where + ": host id '" + part + "' has no licman equivalent (licman uses machine-id, uuid, mac, "
                        + "hostname and ip); the spec keeps it as 'flexlm:" + part + "', which 'licman issue' refuses: replace it "
                        + "with an id from 'licman hostid' on that machine");
            }
        }
        if (ids.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> words = new ArrayList<>();
        words.add(side);
        words.addAll(ids);
        if (ids.stream().anyMatch(i -> i.startsWith("mac:"))) {
            warnings.add(where + ": bound to " + side + " " + String.join(" ", ids) + " (a FlexLM Ethernet host id); consider the more "
                    + "stable machine-id from 'licman hostid' instead");
        }
        return java.util.Optional.of(words);
    }

    private static java.util.Optional<String> sharing(String dupGroup, String where, List<String> warnings) {
        String g = dupGroup.toUpperCase(Locale.ROOT);
        if (g.equals("NONE")) {
            return java.util.Optional.of("none");
        }
        boolean user = g.contains("U");
        boolean host = g.contains("H");
        if (g.equals("SITE") || g.contains("D") || g.contains("V")) {
            warnings.add(where + ": DUP_GROUP=" + dupGroup + " shares by display, vendor-defined group or site, which licman does not; "
                    + "using the user/host part only");
        }
        if (user && host) {
            return java.util.Optional.of("user+host");
        }
        if (user) {
            return java.util.Optional.of("user");
        }
        if (host) {
            return java.util.Optional.of("host");
        }
        return java.util.Optional.empty();
    }
}
