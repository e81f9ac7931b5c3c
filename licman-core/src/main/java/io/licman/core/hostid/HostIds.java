package io.licman.core.hostid;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Finds this machine's host ids, in a stable order: machine id, SMBIOS UUID, the MAC address of
 * each physical Ethernet interface (sorted), then the host name.
 *
 * <p>The file system root is injectable so tests can describe a machine with files.
 */
public final class HostIds {

    private static final List<String> VIRTUAL_PREFIXES = List.of(
            "lo", "docker", "veth", "br-", "virbr", "vnet", "tun", "tap", "wg", "zt", "cni", "flannel", "cali", "kube", "vmnet");

    private final Path root;

    private HostIds(Path root) {
        this.root = root;
    }

    /** Host ids of the machine this JVM runs on. */
    public static List<HostId> ofThisMachine() {
        return new HostIds(Path.of("/")).find();
    }

    /** Host ids described by the files under {@code root} (its {@code etc/} and {@code sys/}); for tests. */
    public static List<HostId> under(Path root) {
        return new HostIds(root).findFromFiles(null);
    }

    private List<HostId> find() {
        return findFromFiles(hostNameFromJdk());
    }

    private List<HostId> findFromFiles(String fallbackHostName) {
        List<HostId> ids = new ArrayList<>();
        read("etc/machine-id").ifPresentOrElse(
                v -> add(ids, HostIdType.MACHINE_ID, v),
                () -> read("var/lib/dbus/machine-id").ifPresent(v -> add(ids, HostIdType.MACHINE_ID, v)));
        read("sys/class/dmi/id/product_uuid").ifPresent(v -> add(ids, HostIdType.UUID, v));
        for (String mac : physicalMacs()) {
            add(ids, HostIdType.MAC, mac);
        }
        String hostName = read("etc/hostname").orElse(fallbackHostName);
        if (hostName != null) {
            add(ids, HostIdType.HOSTNAME, hostName);
        }
        return Collections.unmodifiableList(ids);
    }

    private static void add(List<HostId> ids, HostIdType type, String raw) {
        try {
            HostId id = new HostId(type, type.normalise(raw));
            if (!ids.contains(id) && !isPlaceholder(id)) {
                ids.add(id);
            }
        } catch (IllegalArgumentException ignored) {
            // A value this machine reports in an unexpected shape is no usable id; skip it.
        }
    }

    private static boolean isPlaceholder(HostId id) {
        String v = id.value().replace(":", "").replace("-", "");
        return v.chars().allMatch(c -> c == '0') || v.chars().allMatch(c -> c == 'f');
    }

    /** MACs of interfaces backed by a device ({@code /sys/class/net/NAME/device}) and not named like a virtual one. */
    private List<String> physicalMacs() {
        TreeSet<String> macs = new TreeSet<>();
        Path net = root.resolve("sys/class/net");
        if (Files.isDirectory(net)) {
            try (var names = Files.list(net)) {
                names.forEach(dir -> {
                    String name = dir.getFileName().toString();
                    if (isVirtualName(name) || !Files.exists(dir.resolve("device"))) {
                        return;
                    }
                    read("sys/class/net/" + name + "/address").ifPresent(macs::add);
                });
            } catch (IOException ignored) {
                // No readable interface list: fall back to the JDK below.
            }
        }
        if (macs.isEmpty() && root.equals(Path.of("/"))) {
            macs.addAll(macsFromJdk());
        }
        return new ArrayList<>(macs);
    }

    private static boolean isVirtualName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return VIRTUAL_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    private static List<String> macsFromJdk() {
        List<String> macs = new ArrayList<>();
        try {
            var interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface nic = interfaces.nextElement();
                byte[] mac = nic.getHardwareAddress();
                if (mac == null || mac.length != 6 || nic.isLoopback() || nic.isVirtual() || isVirtualName(nic.getName())) {
                    continue;
                }
                StringBuilder s = new StringBuilder();
                for (byte b : mac) {
                    s.append(String.format("%02x", b));
                }
                macs.add(s.toString());
            }
        } catch (SocketException ignored) {
            // No interfaces visible: the machine simply has no MAC ids.
        }
        return macs;
    }

    private static String hostNameFromJdk() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }

    private java.util.Optional<String> read(String relative) {
        Path file = root.resolve(relative);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 4096) {
                return java.util.Optional.empty();
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(value);
        } catch (IOException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }
}
