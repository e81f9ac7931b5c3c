package io.licman.it.docs;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The documented commands the docs tests do not run, each with the reason. A program that is
 * neither run by the harness nor listed here fails the test: nothing is skipped silently.
 * Keep this list short and keep docs/CONTRIBUTING-docs.md in step with it.
 */
final class NotRunHere {

    /** Programs never run here, and why. */
    static final Map<String, String> PROGRAMS = new TreeMap<>(Map.ofEntries(
            Map.entry("mvn", "builds the project; the docs tests run inside that build"),
            Map.entry("java", "starts an application or benchmark built by mvn (HelloLicensedTest and licman-bench run them)"),
            Map.entry("systemctl", "manages the real machine's services"),
            Map.entry("journalctl", "reads the real machine's journal"),
            Map.entry("useradd", "creates a user on the real machine"),
            Map.entry("tar", "unpacks or packs real release archives and backups (DistributionIT unpacks the release archive)"),
            Map.entry("ln", "links into the real file system"),
            Map.entry("ssh", "logs in to another machine"),
            Map.entry("ss", "inspects the real machine's sockets"),
            Map.entry("firewall-cmd", "changes the real machine's firewall"),
            Map.entry("ufw", "changes the real machine's firewall"),
            Map.entry("timedatectl", "reads or sets the real machine's clock")));

    /** Any command run with sudo, other than licman itself, changes the real machine as root. */
    static final String SUDO = "runs as root on the real machine (sudo); only 'sudo licman ...' is run, in the sandbox";

    private NotRunHere() {
    }

    /** Why {@code program} is not run, or empty when the harness runs it. */
    static Optional<String> reason(String program, boolean sudo) {
        if (Launchers.isLicman(program)) {
            return Optional.empty();
        }
        if (sudo) {
            return Optional.of(SUDO);
        }
        return Optional.ofNullable(PROGRAMS.get(program));
    }

    /** The names the harness accepts for the licman command. */
    static final class Launchers {
        private Launchers() {
        }

        static boolean isLicman(String program) {
            return program.equals("licman") || program.endsWith("/licman");
        }
    }
}
