package io.licman.server.ledger;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.function.LongPredicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes lease and ticket ids and secrets: HMAC-SHA256 under the ledger's secret seed of a
 * counter that only grows. The first 8 bytes of the MAC give the id (63 bits), the next 16 the
 * secret. Same seed and counter, same handle: replicas agree without sharing randomness, while
 * nobody without the seed can predict an id or a secret, or derive one from another.
 */
final class HandleMint {

    /** A fresh id with its secret. */
    record Handle(long id, Secret secret) {
    }

    private final Mac mac;
    private final byte[] input = new byte[9];
    private long counter;

    HandleMint(byte[] seed, long counter) {
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            this.mac.init(new SecretKeySpec(seed, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
        this.counter = counter;
        input[0] = 'L';
    }

    long counter() {
        return counter;
    }

    /** The next handle whose id {@code taken} does not reject. */
    Handle next(LongPredicate taken) {
        while (true) {
            long n = ++counter;
            for (int i = 0; i < 8; i++) {
                input[1 + i] = (byte) (n >>> (56 - 8 * i));
            }
            byte[] out = mac.doFinal(input);
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = (id << 8) | (out[i] & 0xff);
            }
            id &= Long.MAX_VALUE;
            if (id == 0 || taken.test(id)) {
                continue;
            }
            byte[] secret = new byte[Secret.BYTES];
            System.arraycopy(out, 8, secret, 0, Secret.BYTES);
            return new Handle(id, Secret.of(secret));
        }
    }
}
