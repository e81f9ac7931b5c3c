package io.licman.core.license;

import io.licman.core.hostid.HostId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Where a feature may be used.
 *
 * <ul>
 *   <li>{@code any}: floating, on any client of any server;</li>
 *   <li>{@code client ID...}: node-locked, only checkouts from a client with one of these host ids;</li>
 *   <li>{@code server ID...}: only served by a license server with one of these host ids.</li>
 * </ul>
 *
 * @param scope which side the ids name
 * @param hostIds the accepted host ids, sorted; empty only for {@link Scope#ANY}
 */
public record HostBinding(Scope scope, List<HostId> hostIds) {

    /** Which side of the connection a binding names. */
    public enum Scope { ANY, CLIENT, SERVER }

    /** The floating binding. */
    public static final HostBinding ANY = new HostBinding(Scope.ANY, List.of());

    public HostBinding {
        Objects.requireNonNull(scope, "scope");
        TreeSet<String> sorted = new TreeSet<>();
        List<HostId> unique = new ArrayList<>();
        for (HostId id : hostIds) {
            if (sorted.add(id.toString())) {
                unique.add(id);
            }
        }
        unique.sort((a, b) -> a.toString().compareTo(b.toString()));
        hostIds = List.copyOf(unique);
        if ((scope == Scope.ANY) != hostIds.isEmpty()) {
            throw new IllegalArgumentException(scope == Scope.ANY
                    ? "'any' takes no host ids" : "a " + scope.name().toLowerCase() + " binding needs at least one host id");
        }
    }

    /** Node-locked to clients with any of these ids. */
    public static HostBinding client(Collection<HostId> ids) {
        return new HostBinding(Scope.CLIENT, List.copyOf(ids));
    }

    /** Served only by a server with any of these ids. */
    public static HostBinding server(Collection<HostId> ids) {
        return new HostBinding(Scope.SERVER, List.copyOf(ids));
    }

    /**
     * Parses {@code any}, {@code client ID [ID...]} or {@code server ID [ID...]}.
     */
    public static HostBinding parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("expected 'any', 'client HOSTID...' or 'server HOSTID...'");
        }
        String scope = words.get(0);
        if (scope.equals("any")) {
            if (words.size() > 1) {
                throw new IllegalArgumentException("'any' takes no host ids");
            }
            return ANY;
        }
        List<HostId> ids = new ArrayList<>();
        for (String word : words.subList(1, words.size())) {
            ids.add(HostId.parse(word.endsWith(",") ? word.substring(0, word.length() - 1) : word));
        }
        return switch (scope) {
            case "client" -> client(ids);
            case "server" -> server(ids);
            default -> throw new IllegalArgumentException("'" + scope + "' is not a host binding: expected 'any', 'client HOSTID...' or 'server HOSTID...'");
        };
    }

    /** True when one of {@code candidates} is among this binding's ids, or the binding is {@code any}. */
    public boolean matches(Collection<HostId> candidates) {
        if (scope == Scope.ANY) {
            return true;
        }
        for (HostId candidate : candidates) {
            if (hostIds.contains(candidate)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (scope == Scope.ANY) {
            return "any";
        }
        StringBuilder out = new StringBuilder(scope.name().toLowerCase());
        for (HostId id : hostIds) {
            out.append(' ').append(id);
        }
        return out.toString();
    }
}
