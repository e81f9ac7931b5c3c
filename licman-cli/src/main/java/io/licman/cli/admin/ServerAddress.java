package io.licman.cli.admin;

import io.licman.cli.CliEnvironment;
import io.licman.cli.UserError;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where client commands find the server and the admin token: {@code --server}, then the
 * {@code LICMAN_SERVER} variable, then a server on this machine (its data directory says which
 * port it uses), then {@code 1384@localhost}.
 */
public final class ServerAddress {

    private ServerAddress() {
    }

    /** Data directories a server on this machine may use, in the order they are searched. */
    public static List<Path> localDataDirectories(CliEnvironment env, Path explicit) {
        List<Path> dirs = new ArrayList<>();
        if (explicit != null) {
            dirs.add(env.resolve(explicit));
            return dirs;
        }
        String fromEnv = env.variables().get("LICMAN_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) {
            dirs.add(Path.of(fromEnv));
        }
        dirs.add(env.resolve(Path.of(".licman-demo", "data")));
        dirs.add(Path.of("/var/lib/licman"));
        String home = System.getProperty("user.home");
        if (home != null) {
            dirs.add(Path.of(home, ".licman", "data"));
        }
        return dirs;
    }

    /** The endpoints to try, in order. */
    public static List<Endpoint> endpoints(CliEnvironment env, String option, Path dataDir) {
        String list = option != null ? option : env.variables().get("LICMAN_SERVER");
        if (list != null && !list.isBlank()) {
            return parse(list, option != null ? "--server" : "LICMAN_SERVER");
        }
        for (Path dir : localDataDirectories(env, dataDir)) {
            Optional<Integer> port = readPort(dir);
            if (port.isPresent()) {
                return List.of(new Endpoint(port.get(), "localhost"));
            }
        }
        return List.of(new Endpoint(Protocol.PORT, "localhost"));
    }

    /** Parses {@code port@host[,port@host...]} (also {@code :} or {@code ;} separated, as LM_LICENSE_FILE). */
    public static List<Endpoint> parse(String list, String source) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String part : list.split("[,;]|:(?=\\d*@)")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            try {
                endpoints.add(Endpoint.parse(item));
            } catch (IllegalArgumentException e) {
                throw new UserError(source + ": '" + item + "' is not a server: expected PORT@HOST such as 1384@lic1 (" + e.getMessage() + ")");
            }
        }
        if (endpoints.isEmpty()) {
            throw new UserError(source + " names no server: expected PORT@HOST[,PORT@HOST...]");
        }
        return endpoints;
    }

    /**
     * The admin token: {@code --token VALUE}, {@code --token @FILE}, or the token a server on this
     * machine wrote to its data directory.
     */
    public static String adminToken(CliEnvironment env, String option, Path dataDir) {
        if (option != null) {
            if (option.startsWith("@")) {
                Path file = env.resolve(Path.of(option.substring(1)));
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UserError("cannot read the token file " + file + ": " + e.getMessage());
                }
            }
            return option.strip();
        }
        List<Path> searched = localDataDirectories(env, dataDir);
        for (Path dir : searched) {
            Path file = dir.resolve("admin.token");
            if (Files.isReadable(file)) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UserError("cannot read " + file + ": " + e.getMessage());
                }
            }
        }
        throw new UserError("this command needs the server's admin token: give --token VALUE or --token @FILE; "
                + "a server writes it to admin.token in its data directory on first start (looked in "
                + String.join(", ", searched.stream().map(Path::toString).toList()) + "; use --data DIR to name another)");
    }

    private static Optional<Integer> readPort(Path dir) {
        try {
            Path file = dir.resolve("server.port");
            if (Files.isReadable(file)) {
                return Optional.of(Integer.parseInt(Files.readString(file).strip()));
            }
        } catch (IOException | NumberFormatException e) {
            // A damaged port file is ignored like a missing one.
        }
        return Optional.empty();
    }
}
