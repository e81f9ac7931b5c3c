package io.licman.client.internal;

import io.licman.core.protocol.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads a server list such as {@code 1384@lic1,1384@lic2}: entries {@code port@host},
 * {@code @host} (port 1384) or {@code port@[ipv6]}, separated by commas, semicolons, white space
 * or, as in FlexLM's {@code LM_LICENSE_FILE}, colons.
 */
public final class ServerList {

    /** The environment variable naming the servers. */
    public static final String ENV = "LICMAN_SERVER";

    private ServerList() {
    }

    /**
     * Parses a list; empty entries are skipped and duplicates dropped.
     *
     * @param source where the text comes from, for messages ({@code LICMAN_SERVER}, {@code servers(...)})
     * @throws IllegalArgumentException naming the bad entry and the expected form; also for a list with no entry
     */
    public static List<Endpoint> parse(String text, String source) {
        LinkedHashSet<Endpoint> endpoints = new LinkedHashSet<>();
        List<String> entries = split(text);
        for (int i = 0; i < entries.size(); i++) {
            endpoints.add(entry(entries.get(i), i + 1, source));
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(source + " names no server: expected port@host entries separated by ','"
                    + ", such as 1384@lic1,1384@lic2");
        }
        return List.copyOf(endpoints);
    }

    /** The servers named by {@code LICMAN_SERVER} in {@code environment}; empty when it is unset or blank. */
    public static List<Endpoint> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENV);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return parse(value, "the environment variable " + ENV);
    }

    /**
     * Splits at ',', ';' and white space, and at a ':' outside brackets that starts a new entry
     * ({@code :1384@b} or {@code :@b}), so {@code 1384@a:1384@b} is two entries but the colons of an
     * address such as {@code 1384@[fe80::1]} are kept.
     */
    static List<String> split(String text) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            }
            boolean separator = depth == 0 && (c == ',' || c == ';' || Character.isWhitespace(c)
                    || c == ':' && startsEntry(text, i + 1));
            if (separator) {
                addIfNotEmpty(entries, current);
            } else {
                current.append(c);
            }
        }
        addIfNotEmpty(entries, current);
        return entries;
    }

    private static boolean startsEntry(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '@';
    }

    private static void addIfNotEmpty(List<String> entries, StringBuilder current) {
        if (current.length() > 0) {
            entries.add(current.toString());
            current.setLength(0);
        }
    }

    private static Endpoint entry(String entry, int position, String source) {
        String where = source + ", entry " + position + " '" + entry + "'";
        int at = entry.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException(where + ": expected port@host (such as 1384@lic1), @host for port 1384, "
                    + "or port@[ipv6-address]; a license file path is not supported");
        }
        String host = entry.substring(at + 1);
        if (host.isEmpty()) {
            throw new IllegalArgumentException(where + ": the host is missing after '@'; expected port@host, such as 1384@lic1");
        }
        if (host.startsWith("[") != host.endsWith("]") || host.indexOf('@') >= 0) {
            throw new IllegalArgumentException(where + ": '" + host + "' is not a host name or a bracketed IPv6 address "
                    + "such as [2001:db8::7]");
        }
        String port = entry.substring(0, at);
        if (!port.isEmpty() && (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw new IllegalArgumentException(where + ": '" + port + "' is not a port number between 1 and 65535");
        }
        try {
            return Endpoint.parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
