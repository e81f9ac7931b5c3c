package io.licman.client.internal;

import io.licman.client.DenialReason;
import io.licman.client.DiscoveredServer;
import io.licman.client.LeaseLoss;
import io.licman.client.LicenseDeniedException;
import io.licman.client.LicenseProtocolException;
import io.licman.client.SeatHolder;
import io.licman.core.protocol.Endpoint;
import io.licman.core.protocol.v1.Denied;
import io.licman.core.protocol.v1.ErrorCode;
import io.licman.core.protocol.v1.Holder;
import io.licman.core.protocol.v1.LeaseLossReason;
import io.licman.core.protocol.v1.ServerRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Translations between protocol messages and the SDK's public types. */
final class Wire {

    private Wire() {
    }

    static DenialReason denialReason(io.licman.core.protocol.v1.DenialReason reason) {
        return byName(DenialReason.class, reason.name(), "DENIAL_REASON_", DenialReason.UNKNOWN);
    }

    static LicenseProtocolException.Code errorCode(ErrorCode code) {
        return byName(LicenseProtocolException.Code.class, code.name(), "ERROR_CODE_", LicenseProtocolException.Code.UNKNOWN);
    }

    static LeaseLoss.Cause lossCause(LeaseLossReason reason) {
        return byName(LeaseLoss.Cause.class, reason.name(), "LEASE_LOSS_REASON_", LeaseLoss.Cause.UNSPECIFIED);
    }

    static DiscoveredServer.Role role(ServerRole role) {
        return byName(DiscoveredServer.Role.class, role.name(), "SERVER_ROLE_", DiscoveredServer.Role.UNKNOWN);
    }

    private static <E extends Enum<E>> E byName(Class<E> type, String protoName, String prefix, E fallback) {
        if (!protoName.startsWith(prefix)) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, protoName.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    static LicenseDeniedException denied(String feature, Denied denied) {
        List<SeatHolder> holders = new ArrayList<>();
        for (Holder h : denied.getHoldersList()) {
            holders.add(new SeatHolder(h.getUser(), h.getHost(), h.getDisplay(), Instant.ofEpochMilli(h.getSinceEpochMs()),
                    Math.max(1, h.getCount())));
        }
        return new LicenseDeniedException(feature, denialReason(denied.getReason()), denied.getMessage(), holders);
    }

    static LicenseProtocolException error(String what, io.licman.core.protocol.v1.Error error) {
        LicenseProtocolException.Code code = errorCode(error.getCode());
        String message = what + ": the server answered " + code
                + (error.getMessage().isBlank() ? "" : " (" + error.getMessage() + ")") + "; " + advice(code);
        return new LicenseProtocolException(code, message, Duration.ofMillis(error.getRetryAfterMs()), null);
    }

    static LicenseProtocolException violation(String message) {
        return new LicenseProtocolException(LicenseProtocolException.Code.PROTOCOL_ERROR, message
                + "; the server does not follow the licman protocol: check that the address is a licman server "
                + "of a version matching this SDK", null, null);
    }

    private static String advice(LicenseProtocolException.Code code) {
        return switch (code) {
            case RATE_LIMITED, LIMIT_REACHED, SHUTTING_DOWN, NOT_LEADER -> "try again later";
            case INTERNAL -> "this is a server bug; try again, and report it if it persists";
            case UNSUPPORTED_VERSION -> "use a client SDK and server of the same major version";
            case INVALID_REQUEST -> "check the checkout's feature, version, count and durations";
            default -> "report this to the license administrator with the server's log";
        };
    }

    /** Parses the endpoints of a redirect or NOT_LEADER error, skipping bad ones. */
    static List<Endpoint> endpoints(List<String> texts) {
        List<Endpoint> out = new ArrayList<>();
        for (String text : texts) {
            try {
                out.add(Endpoint.parse(text));
            } catch (IllegalArgumentException ignored) {
                // A malformed leader address is of no use; the others (or the configured list) remain.
            }
        }
        return out;
    }
}
