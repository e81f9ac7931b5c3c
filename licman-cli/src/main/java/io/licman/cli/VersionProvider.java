package io.licman.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest, or {@code development} when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    /** The licman version of this build. */
    public static String version() {
        String version = LicmanCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"licman " + version(), "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
