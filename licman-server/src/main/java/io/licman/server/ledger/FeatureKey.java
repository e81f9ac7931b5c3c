package io.licman.server.ledger;

import java.util.Comparator;

/** A feature's identity in the ledger: vendor and name. */
record FeatureKey(String vendor, String name) implements Comparable<FeatureKey> {

    private static final Comparator<FeatureKey> ORDER = Comparator.comparing(FeatureKey::vendor).thenComparing(FeatureKey::name);

    @Override
    public int compareTo(FeatureKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return vendor + "/" + name;
    }
}
