package io.licman.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.FeatureStatus;
import io.licman.server.ledger.LeaseStatus;
import io.licman.server.ledger.LingerStatus;
import io.licman.server.ledger.PoolStatus;
import io.licman.server.ledger.QueueEntryStatus;
import java.util.List;

/** The ledger's status records as the API's JSON. */
final class Views {

    /** Days before expiry from which a feature is flagged. */
    static final int EXPIRY_WARNING_DAYS = 30;
    private static final long DAY_MS = 86_400_000L;

    private Views() {
    }

    static ArrayNode features(List<FeatureStatus> features, long now) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (FeatureStatus f : features) {
            out.add(feature(f, now));
        }
        return out;
    }

    /** A feature: seats in pools valid now; {@code expires} is the earliest end of those pools. */
    static ObjectNode feature(FeatureStatus f, long now) {
        int total = 0;
        int overdraftAllowed = 0;
        int overdraftUsed = 0;
        boolean uncounted = false;
        boolean anyLive = false;
        long expires = Long.MAX_VALUE;
        int seatsExpiring = 0;
        ArrayNode pools = Json.MAPPER.createArrayNode();
        for (PoolStatus p : f.pools()) {
            boolean live = !p.orphaned() && p.servedHere() && p.validFrom() <= now && now < p.validUntil();
            if (live) {
                anyLive = true;
                uncounted |= p.uncounted();
                if (!p.uncounted()) {
                    total += p.count();
                    overdraftAllowed += p.overdraft();
                }
                if (p.validUntil() != Long.MAX_VALUE) {
                    expires = Math.min(expires, p.validUntil());
                    if (p.validUntil() - now <= EXPIRY_WARNING_DAYS * DAY_MS) {
                        seatsExpiring += p.count();
                    }
                }
            }
            overdraftUsed += p.overdraftInUse();
            ObjectNode pool = pools.addObject().put("id", p.poolId()).put("version", p.version().toString()).put("seats", p.count())
                    .put("used", p.used()).put("overdraftAllowed", p.overdraft()).put("overdraftUsed", p.overdraftInUse())
                    .put("uncounted", p.uncounted()).put("validFrom", Json.time(p.validFrom() == Long.MIN_VALUE ? 0 : p.validFrom()))
                    .put("validUntil", Json.time(p.validUntil())).put("live", live).put("expired", now >= p.validUntil())
                    .put("orphaned", p.orphaned()).put("servedHere", p.servedHere());
            ArrayNode serials = pool.putArray("serials");
            p.blocks().forEach(b -> b.serial().ifPresent(serials::add));
        }
        ObjectNode node = Json.MAPPER.createObjectNode().put("vendor", f.vendor()).put("feature", f.feature())
                .put("seatsTotal", total).put("seatsUsed", f.usedSeats()).put("seatsFree", uncounted ? -1 : Math.max(0, total - f.usedSeats()))
                .put("overdraftAllowed", overdraftAllowed).put("overdraftUsed", overdraftUsed).put("queued", f.queued())
                .put("reserved", f.reserved()).put("uncounted", uncounted);
        if (expires == Long.MAX_VALUE) {
            node.putNull("expires").putNull("daysToExpiry");
        } else {
            node.put("expires", Json.time(expires)).put("daysToExpiry", Math.max(0, (expires - now + DAY_MS - 1) / DAY_MS));
        }
        node.put("expiringSoon", seatsExpiring > 0).put("seatsExpiringSoon", seatsExpiring).put("expired", !anyLive && !f.pools().isEmpty());
        ArrayNode named = node.putArray("namedUsers");
        f.namedUsers().forEach(named::add);
        node.set("pools", pools);
        return node;
    }

    static ObjectNode lease(LeaseStatus l) {
        ClientIdentity c = l.client();
        ObjectNode node = Json.MAPPER.createObjectNode().put("id", l.lease().toString()).put("vendor", l.vendor()).put("feature", l.feature())
                .put("version", l.version().toString()).put("user", c.user()).put("host", c.host()).put("display", c.display())
                .put("ip", c.ip()).put("project", c.project()).put("count", l.count()).put("since", Json.time(l.since()))
                .put("expiresAt", Json.time(l.deadline())).put("borrowedUntil", Json.time(l.borrowedUntil()))
                .put("shared", l.sharers() > 1).put("orphaned", l.orphaned());
        return node;
    }

    static ObjectNode lingering(LingerStatus l) {
        return Json.MAPPER.createObjectNode().put("vendor", l.vendor()).put("feature", l.feature()).put("user", l.user())
                .put("host", l.host()).put("seats", l.seats()).put("until", Json.time(l.until()));
    }

    static ObjectNode queued(QueueEntryStatus q) {
        var r = q.request();
        return Json.MAPPER.createObjectNode().put("ticket", q.ticket().toString()).put("vendor", r.vendor()).put("feature", r.feature())
                .put("user", r.client().user()).put("host", r.client().host()).put("count", r.count()).put("position", q.position())
                .put("since", Json.time(q.since()));
    }
}
