package io.licman.server.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from positive {@code long} keys to values, by open addressing with linear probing:
 * no boxing, keys in one array, so lookups stay in cache when there are 100,000 leases.
 *
 * <p>Its iteration order depends on the order of insertions and removals, so it must never be
 * iterated where order could affect a result: {@link #values()} is for callers that sort or only
 * count.
 */
final class LongMap<V> {

    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongMap() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean containsKey(long key) {
        return get(key) != null;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    /** Stores {@code value} under {@code key} (which must be positive); returns the previous value. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (key <= 0) {
            throw new IllegalArgumentException("keys must be positive: " + key);
        }
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return null;
            }
        }
    }

    /** Removes {@code key}; returns its value or {@code null}. Backward-shift deletion keeps probes short. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int i = slot(key, mask);
        while (true) {
            long k = keys[i];
            if (k == 0) {
                return null;
            }
            if (k == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
        size--;
        return old;
    }

    /** The values in no meaningful order (sort before use where order matters). */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                out.add((V) values[i]);
            }
        }
        return out;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], castValue(oldValues[i]));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private V castValue(Object o) {
        return (V) o;
    }
}
