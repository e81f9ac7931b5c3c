package io.licman.core.hostid;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of host id licman knows, from most to least stable on a typical server. */
public enum HostIdType {
    /** The systemd/D-Bus machine id ({@code /etc/machine-id}): survives NIC and hostname changes. */
    MACHINE_ID("machine-id") {
        @Override
        String normalise(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!v.matches("[0-9a-f]{32}")) {
                throw new IllegalArgumentException("'" + value + "' is not a machine id: expected 32 hexadecimal digits");
            }
            return v;
        }
    },
    /** The SMBIOS system UUID set by the firmware or hypervisor. */
    UUID("uuid") {
        @Override
        String normalise(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!v.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                throw new IllegalArgumentException("'" + value + "' is not a UUID");
            }
            return v;
        }
    },
    /** The hardware address of a physical Ethernet interface. */
    MAC("mac") {
        @Override
        String normalise(String value) {
            String hex = value.trim().toLowerCase(Locale.ROOT).replaceAll("[:-]", "");
            if (!hex.matches("[0-9a-f]{12}")) {
                throw new IllegalArgumentException("'" + value + "' is not a MAC address: expected six hexadecimal bytes such as 00:1a:2b:3c:4d:5e");
            }
            StringBuilder out = new StringBuilder(17);
            for (int i = 0; i < 12; i += 2) {
                if (i > 0) {
                    out.append(':');
                }
                out.append(hex, i, i + 2);
            }
            return out.toString();
        }
    },
    /** The machine's host name. */
    HOSTNAME("hostname") {
        @Override
        String normalise(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!v.matches("[a-z0-9]([a-z0-9.-]{0,252})")) {
                throw new IllegalArgumentException("'" + value + "' is not a host name");
            }
            return v;
        }
    },
    /** An IP address of the machine. */
    IP("ip") {
        @Override
        String normalise(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!v.matches("[0-9a-f:.]{2,45}")) {
                throw new IllegalArgumentException("'" + value + "' is not an IP address");
            }
            return v;
        }
    };

    private final String text;

    HostIdType(String text) {
        this.text = text;
    }

    abstract String normalise(String value);

    static HostIdType parse(String text) {
        for (HostIdType type : values()) {
            if (type.text.equals(text.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a host id type: expected one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(HostIdType::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return text;
    }
}
