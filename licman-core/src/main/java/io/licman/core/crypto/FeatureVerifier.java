package io.licman.core.crypto;

import io.licman.core.hostid.HostId;
import io.licman.core.license.CanonicalForm;
import io.licman.core.license.FeatureLicense;
import io.licman.core.license.FeatureSignature;
import io.licman.core.license.HostBinding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks feature blocks against trusted vendor keys, the current time and this server's host
 * ids. Signature first: a block whose signature fails is reported as such whatever its dates.
 */
public final class FeatureVerifier {

    private final TrustStore trust;

    public FeatureVerifier(TrustStore trust) {
        this.trust = trust;
    }

    /** Checks only the signature: {@link VerificationStatus#VALID} or the reason it is not authentic. */
    public Verification verifySignature(FeatureLicense feature) {
        Optional<FeatureSignature> signature = feature.signature();
        if (signature.isEmpty()) {
            return new Verification(feature, VerificationStatus.UNSIGNED, "the block has no 'signature' field; sign it with 'licman issue'");
        }
        String keyId = signature.get().keyId();
        Optional<VendorPublicKey> key = trust.find(keyId);
        if (key.isEmpty()) {
            return new Verification(feature, VerificationStatus.UNKNOWN_KEY, "signed with key " + keyId
                    + ", which is not in the trust directory; add the vendor's " + keyId + " .pub file");
        }
        if (!key.get().vendor().equals(feature.vendor())) {
            return new Verification(feature, VerificationStatus.WRONG_VENDOR, "the block names vendor '" + feature.vendor()
                    + "' but key " + keyId + " belongs to vendor '" + key.get().vendor() + "'");
        }
        if (!Ed25519.verify(key.get().key(), CanonicalForm.bytes(feature, keyId), signature.get().bytes())) {
            return new Verification(feature, VerificationStatus.BAD_SIGNATURE,
                    "the signature does not match the block: a signed field was changed after signing");
        }
        return new Verification(feature, VerificationStatus.VALID, "");
    }

    /**
     * Checks the signature, then the validity period at {@code now}, then, when
     * {@code serverHostIds} is given, a server host binding.
     *
     * @param serverHostIds this server's host ids, or {@code null} to skip the host check
     */
    public Verification verify(FeatureLicense feature, Instant now, Collection<HostId> serverHostIds) {
        Verification signature = verifySignature(feature);
        if (!signature.isValid()) {
            return signature;
        }
        long millis = now.toEpochMilli();
        if (millis < feature.validFromMillis()) {
            return new Verification(feature, VerificationStatus.NOT_YET_VALID, "valid from " + feature.start().orElseThrow()
                    + " (UTC); today is " + now.atZone(ZoneOffset.UTC).toLocalDate());
        }
        if (millis >= feature.validUntilMillis()) {
            return new Verification(feature, VerificationStatus.EXPIRED, "expired at the end of " + feature.expires().orElseThrow()
                    + " (UTC); ask the vendor for a renewed license");
        }
        HostBinding host = feature.host();
        if (serverHostIds != null && host.scope() == HostBinding.Scope.SERVER && !host.matches(serverHostIds)) {
            return new Verification(feature, VerificationStatus.WRONG_HOST, "bound to server " + ids(host.hostIds())
                    + ", but this machine has " + ids(serverHostIds) + "; run the server on the licensed machine or ask the vendor to rehost");
        }
        return signature;
    }

    /**
     * {@link #verify(FeatureLicense, Instant, Collection)} for each block, results in the same
     * order. Large sets are checked on all cores: an Ed25519 check costs about half a
     * millisecond with the JDK 17 provider, so a file of 10,000 features is CPU-bound.
     */
    public List<Verification> verifyAll(List<FeatureLicense> features, Instant now, Collection<HostId> serverHostIds) {
        var stream = features.size() >= PARALLEL_THRESHOLD ? features.parallelStream() : features.stream();
        return stream.map(f -> verify(f, now, serverHostIds)).toList();
    }

    private static final int PARALLEL_THRESHOLD = 64;

    private static String ids(Collection<HostId> ids) {
        return ids.isEmpty() ? "no host ids" : ids.stream().map(HostId::toString).collect(Collectors.joining(" "));
    }
}
