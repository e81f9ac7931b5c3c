package io.licman.server.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses IPv4 and IPv6 address literals without any name lookup ({@code InetAddress} would
 * resolve host names, which a policy check must never do).
 */
final class IpAddressText {

    private IpAddressText() {
    }

    /**
     * The address bytes (4 or 16), or {@code null} when {@code text} is not an address. An
     * IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) becomes its IPv4 form; a zone
     * ({@code %eth0}) is ignored.
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        int zone = text.indexOf('%');
        String s = zone >= 0 ? text.substring(0, zone) : text;
        byte[] bytes = s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
        return bytes == null ? null : unmapped(bytes);
    }

    static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = decimalByte(parts[i]);
            if (v < 0) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** A decimal number 0..255 of one to three digits, or -1. */
    static int decimalByte(String part) {
        if (part.isEmpty() || part.length() > 3) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 255 ? v : -1;
    }

    /** The sixteen bytes of an IPv6 literal, or {@code null}. */
    static byte[] parseV6(String s) {
        List<String> groups = v6Groups(s);
        if (groups == null) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            int v = hexGroup(groups.get(i));
            if (v < 0) {
                return null;
            }
            out[2 * i] = (byte) (v >> 8);
            out[2 * i + 1] = (byte) v;
        }
        return out;
    }

    /**
     * The eight group texts of an IPv6 literal with {@code ::} expanded to "0" groups and a
     * trailing dotted IPv4 part turned into two groups; {@code null} when malformed. Group texts
     * are not checked, so callers may accept {@code *}.
     */
    static List<String> v6Groups(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        List<String> head = splitGroups(doubleColon >= 0 ? s.substring(0, doubleColon) : s);
        List<String> tail = doubleColon >= 0 ? splitGroups(s.substring(doubleColon + 2)) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        List<String> last = tail.isEmpty() ? head : tail;
        if (!last.isEmpty() && last.get(last.size() - 1).indexOf('.') >= 0) {
            byte[] v4 = parseV4(last.remove(last.size() - 1));
            if (v4 == null) {
                return null;
            }
            last.add(Integer.toHexString(((v4[0] & 0xff) << 8) | (v4[1] & 0xff)));
            last.add(Integer.toHexString(((v4[2] & 0xff) << 8) | (v4[3] & 0xff)));
        }
        int present = head.size() + tail.size();
        if (doubleColon < 0 ? present != 8 : present > 7) {
            return null;
        }
        List<String> all = new ArrayList<>(head);
        for (int i = present; i < 8; i++) {
            all.add("0");
        }
        all.addAll(tail);
        return all;
    }

    private static List<String> splitGroups(String s) {
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String g : s.split(":", -1)) {
            if (g.isEmpty()) {
                return null;
            }
            out.add(g);
        }
        return out;
    }

    /** A hexadecimal group of one to four digits, or -1. */
    static int hexGroup(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
}
