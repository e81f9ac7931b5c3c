package io.licman.server.policy;

import java.util.List;

/**
 * The address pattern of an {@code INTERNET} target. Accepted forms:
 * <ul>
 *   <li>an address: {@code 10.1.2.3}, {@code 2001:db8::7};</li>
 *   <li>IPv4 with {@code *} parts: {@code 10.1.*.*} (FlexLM style);</li>
 *   <li>IPv6 with {@code *} groups, all eight groups written or {@code ::} elsewhere:
 *       {@code 2001:db8:*:*:*:*:*:*};</li>
 *   <li>a CIDR block: {@code 10.0.0.0/8}, {@code 2001:db8::/32}.</li>
 * </ul>
 * IPv4 patterns also match IPv4-mapped IPv6 client addresses ({@code ::ffff:10.1.2.3}).
 */
public final class IpPattern {

    private final byte[] value;
    private final byte[] mask;
    private final String text;

    private IpPattern(byte[] value, byte[] mask, String text) {
        this.value = value;
        this.mask = mask;
        this.text = text;
        for (int i = 0; i < value.length; i++) {
            value[i] &= mask[i];
        }
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static IpPattern parse(String text) {
        IpPattern p = tryParse(text);
        if (p == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address pattern: expected an IPv4 or IPv6 "
                    + "address, '*' for whole parts (10.1.*.*), or a CIDR block (10.0.0.0/8, 2001:db8::/32)");
        }
        return p;
    }

    private static IpPattern tryParse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            return cidr(text, slash);
        }
        return text.indexOf(':') >= 0 ? v6Wildcard(text) : v4Wildcard(text);
    }

    private static IpPattern cidr(String text, int slash) {
        String address = text.substring(0, slash);
        String bits = text.substring(slash + 1);
        if (address.indexOf('*') >= 0 || !bits.matches("\\d{1,3}")) {
            return null;
        }
        byte[] value = address.indexOf(':') >= 0 ? IpAddressText.parseV6(address) : IpAddressText.parseV4(address);
        int prefix = Integer.parseInt(bits);
        if (value == null || prefix > value.length * 8) {
            return null;
        }
        byte[] mask = new byte[value.length];
        for (int i = 0; i < prefix; i++) {
            mask[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return new IpPattern(value, mask, text);
    }

    private static IpPattern v4Wildcard(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] value = new byte[4];
        byte[] mask = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].equals("*")) {
                continue;
            }
            int v = IpAddressText.decimalByte(parts[i]);
            if (v < 0) {
                return null;
            }
            value[i] = (byte) v;
            mask[i] = (byte) 0xff;
        }
        return new IpPattern(value, mask, text);
    }

    private static IpPattern v6Wildcard(String text) {
        List<String> groups = IpAddressText.v6Groups(text);
        if (groups == null) {
            return null;
        }
        byte[] value = new byte[16];
        byte[] mask = new byte[16];
        for (int i = 0; i < 8; i++) {
            if (groups.get(i).equals("*")) {
                continue;
            }
            int v = IpAddressText.hexGroup(groups.get(i));
            if (v < 0) {
                return null;
            }
            value[2 * i] = (byte) (v >> 8);
            value[2 * i + 1] = (byte) v;
            mask[2 * i] = (byte) 0xff;
            mask[2 * i + 1] = (byte) 0xff;
        }
        if (isV4Mapped(value, mask)) {
            return new IpPattern(new byte[] {value[12], value[13], value[14], value[15]},
                    new byte[] {mask[12], mask[13], mask[14], mask[15]}, text);
        }
        return new IpPattern(value, mask, text);
    }

    private static boolean isV4Mapped(byte[] value, byte[] mask) {
        for (int i = 0; i < 12; i++) {
            if (mask[i] != (byte) 0xff || value[i] != (i >= 10 ? (byte) 0xff : 0)) {
                return false;
            }
        }
        return true;
    }

    /** True when the address {@code ip} (text) matches; an unparseable address matches nothing. */
    public boolean matches(String ip) {
        return matches(IpAddressText.parse(ip));
    }

    boolean matches(byte[] address) {
        if (address == null || address.length != value.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if ((address[i] & mask[i]) != value[i]) {
                return false;
            }
        }
        return true;
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
