package io.licman.core.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.IdentityHashMap;
import java.util.Map;

/** Ed25519 signing and verifying with the JDK's own provider. */
final class Ed25519 {

    private Ed25519() {
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(VendorPublicKey.ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Verifiers already initialised per key, per thread: {@code initVerify} decodes the public
     * key point (a field exponentiation), and a {@link Signature} is ready for the next message
     * after {@code verify}, so reusing it saves that work for every further block of a vendor.
     */
    private static final ThreadLocal<Map<PublicKey, Signature>> VERIFIERS = ThreadLocal.withInitial(IdentityHashMap::new);
    private static final int MAX_CACHED_KEYS = 32;

    static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        Map<PublicKey, Signature> cache = VERIFIERS.get();
        Signature signature = cache.get(key);
        try {
            if (signature == null) {
                signature = Signature.getInstance(VendorPublicKey.ALGORITHM);
                signature.initVerify(key);
                if (cache.size() >= MAX_CACHED_KEYS) {
                    cache.clear();
                }
                cache.put(key, signature);
            }
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            cache.remove(key);
            return false;
        }
    }
}
