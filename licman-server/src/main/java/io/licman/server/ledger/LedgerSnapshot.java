package io.licman.server.ledger;

import io.licman.core.license.FeatureLicense;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The versioned binary snapshot of a whole ledger (layout in {@code docs/ledger.md}). Everything
 * is written in a fixed order from sorted or insertion-ordered structures, so equal states give
 * equal bytes; indexes and counters that follow from the rest are rebuilt on reading.
 */
final class LedgerSnapshot {

    static final byte[] MAGIC = "LMLEDGER".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;

    private LedgerSnapshot() {
    }

    static byte[] write(LedgerState s) {
        BinaryOut out = new BinaryOut();
        out.raw(MAGIC).i32(FORMAT);
        out.raw(s.settings.seed()).i64(s.settings.defaultLeaseTtl().toMillis()).i32(s.settings.maxHoldersShown());
        out.i64(s.clock).i64(s.seq).i64(s.mint.counter());
        out.hostIds(s.serverHostIds);
        out.licenses(s.features);
        out.policy(s.policy);
        out.i32(s.namedUsers.size());
        for (Map.Entry<FeatureKey, TreeSet<String>> e : s.namedUsers.entrySet()) {
            out.str(e.getKey().vendor()).str(e.getKey().name()).i32(e.getValue().size());
            for (String user : e.getValue()) {
                out.str(user);
            }
        }
        out.i32(s.featureStates.size());
        for (FeatureState fs : s.featureStates.values()) {
            writeFeature(out, fs);
        }
        return out.toByteArray();
    }

    private static void writeFeature(BinaryOut out, FeatureState fs) {
        out.str(fs.key.vendor()).str(fs.key.name()).i32(fs.pools.size());
        out.i32(fs.orphans.size());
        for (Pool p : fs.orphans) {
            out.licenses(p.blocks);
        }
        for (Pool p : fs.allPools()) {
            out.i32(p.groupCount());
            for (SeatGroup g : p.groups()) {
                writeGroup(out, g);
            }
        }
        out.i32(fs.queue.size());
        for (QueueEntry e : fs.queue.values()) {
            out.i64(e.ticket).i64(e.seq).secret(e.secret).request(e.request).i64(e.since).i64(e.deadline);
        }
    }

    private static void writeGroup(BinaryOut out, SeatGroup g) {
        out.i64(g.seq).i32(g.seats).client(g.owner).i64(g.since).i64(g.lingerUntil);
        if (g.isLingering()) {
            out.str(g.lingerUser).str(g.lingerHost);
        }
        out.ints(g.charges);
        out.i32(g.members.size());
        for (Lease l : g.members) {
            out.i64(l.id).i64(l.seq).secret(l.secret).client(l.client).i32(l.count).i64(l.grantedAt).i64(l.deadline)
                    .i64(l.borrowedUntil);
        }
    }

    static LedgerState read(byte[] bytes) {
        try {
            return readChecked(bytes);
        } catch (LedgerFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LedgerFormatException("not a valid ledger snapshot: its contents are inconsistent (" + e + ")", e);
        }
    }

    private static LedgerState readChecked(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes, "ledger snapshot");
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(in.raw(MAGIC.length), MAGIC)) {
            throw new LedgerFormatException("not a ledger snapshot: it does not start with LMLEDGER");
        }
        int format = in.i32();
        if (format != FORMAT) {
            throw new LedgerFormatException("the ledger snapshot has format " + format + "; this version reads format " + FORMAT
                    + " only: upgrade licman on this node");
        }
        byte[] seed = in.raw(LedgerSettings.SEED_BYTES);
        long ttl = in.i64();
        int holders = in.i32();
        LedgerSettings settings = in.valid(() -> new LedgerSettings(seed, Duration.ofMillis(ttl), holders));
        long clock = in.i64();
        long seq = in.i64();
        long mintCounter = in.i64();
        LedgerState s = new LedgerState(settings, mintCounter);
        s.clock = clock;
        s.seq = seq;
        var hostIds = in.hostIds();
        List<FeatureLicense> features = in.licenses();
        var policy = in.policy();
        new Reloads(s, null, null).install(features, policy, hostIds);
        int named = in.count(12);
        for (int i = 0; i < named; i++) {
            FeatureKey key = in.featureKey();
            int n = in.count(4);
            TreeSet<String> users = new TreeSet<>();
            for (int k = 0; k < n; k++) {
                users.add(in.str());
            }
            s.namedUsers.put(key, users);
        }
        int featureCount = in.count(16);
        for (int i = 0; i < featureCount; i++) {
            readFeature(in, s);
        }
        in.end();
        return s;
    }

    private static void readFeature(BinaryIn in, LedgerState s) {
        FeatureKey key = in.featureKey();
        int live = in.i32();
        FeatureState fs = s.featureStates.get(key);
        if (fs == null) {
            fs = new FeatureState(key, s.policy.forFeature(key.vendor(), key.name()));
            s.featureStates.put(key, fs);
        }
        if (fs.pools.size() != live) {
            throw in.bad("feature " + key + " has " + fs.pools.size() + " pools but the snapshot says " + live);
        }
        int orphanCount = in.count(4);
        for (int i = 0; i < orphanCount; i++) {
            List<FeatureLicense> blocks = in.licenses();
            if (blocks.isEmpty()) {
                throw in.bad("an orphaned pool of " + key + " has no license blocks");
            }
            Pool p = new Pool(PoolKey.of(blocks.get(0)), blocks);
            p.orphaned = true;
            p.servedHere = p.bindsServerTo(s.serverHostIds);
            fs.orphans.add(p);
        }
        for (Pool p : fs.allPools()) {
            int groups = in.count(8);
            for (int g = 0; g < groups; g++) {
                readGroup(in, s, fs, p);
            }
        }
        int queued = in.count(8);
        for (int i = 0; i < queued; i++) {
            long ticket = in.i64();
            long seq = in.i64();
            Secret secret = in.secret();
            CheckoutRequest request = in.request();
            QueueEntry e = new QueueEntry(ticket, seq, secret, request, in.i64(), in.i64());
            fs.queue.put(ticket, e);
            s.indexTicket(e);
        }
        Accounting.recountKeepingCharges(fs);
    }

    private static void readGroup(BinaryIn in, LedgerState s, FeatureState fs, Pool p) {
        long seq = in.i64();
        int seats = in.i32();
        ClientIdentity owner = in.client();
        long since = in.i64();
        SeatGroup g = new SeatGroup(seq, p, seats, owner, since);
        long lingerUntil = in.i64();
        if (lingerUntil != 0) {
            String user = in.str();
            String host = in.str();
            g.linger(lingerUntil, in.valid(() -> ClientIdentity.of(user, host, "-")));
        }
        g.charges = in.ints();
        if (g.charges != null && g.charges.length != fs.policy.reservationCount()) {
            throw in.bad("a seat group of " + fs.key + " has " + g.charges.length + " reservation charges for "
                    + fs.policy.reservationCount() + " reservations");
        }
        if (seats < 0 || (g.charges != null && java.util.Arrays.stream(g.charges).anyMatch(c -> c < 0))) {
            throw in.bad("a seat group of " + fs.key + " has a negative number of seats");
        }
        int members = in.count(8);
        List<Lease> leases = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            long id = in.i64();
            long leaseSeq = in.i64();
            Secret secret = in.secret();
            ClientIdentity client = in.client();
            int count = in.i32();
            Lease l = new Lease(id, leaseSeq, secret, g, client, count, in.i64(), in.i64(), in.i64());
            leases.add(l);
        }
        p.addGroup(g);
        if (g.isLingering()) {
            s.indexLinger(g);
        }
        for (Lease l : leases) {
            g.members.add(l);
            s.indexLease(l);
        }
    }
}
