package io.licman.core.protocol;

import com.google.protobuf.CodedOutputStream;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.FeatureAvailability;
import java.util.Optional;

/**
 * Cuts a discovery reply down to a byte budget, so that it is never larger than the request it
 * answers. What is dropped, in order: features from the end of the list, then the vendor list,
 * then every endpoint but the first, then that one too. Whatever is dropped, {@code truncated}
 * is set, telling the client to ask over TCP or with a narrower filter.
 */
public final class DiscoveryReplyFitter {

    private DiscoveryReplyFitter() {
    }

    /**
     * Returns {@code reply} if it is at most {@code budget} bytes, else the largest cut-down
     * reply that is, with {@code truncated} set; empty when not even nonce, server id and flag fit.
     */
    public static Optional<DiscoveryReply> fit(DiscoveryReply reply, int budget) {
        if (reply.getSerializedSize() <= budget) {
            return Optional.of(reply);
        }
        DiscoveryReply.Builder cut = reply.toBuilder().clearFeatures().setTruncated(true);
        if (size(cut) > budget) {
            cut.clearVendors();
        }
        if (size(cut) > budget && cut.getEndpointsCount() > 1) {
            String first = cut.getEndpoints(0);
            cut.clearEndpoints().addEndpoints(first);
        }
        if (size(cut) > budget) {
            cut.clearEndpoints();
        }
        if (size(cut) > budget) {
            return Optional.empty();
        }
        if (cut.getVendorsCount() == reply.getVendorsCount() && cut.getEndpointsCount() == reply.getEndpointsCount()) {
            addFeaturesWhileTheyFit(reply, cut, budget - size(cut));
        }
        return Optional.of(cut.build());
    }

    private static void addFeaturesWhileTheyFit(DiscoveryReply reply, DiscoveryReply.Builder cut, int room) {
        for (FeatureAvailability feature : reply.getFeaturesList()) {
            int size = CodedOutputStream.computeMessageSize(DiscoveryReply.FEATURES_FIELD_NUMBER, feature);
            if (size > room) {
                return;
            }
            cut.addFeatures(feature);
            room -= size;
        }
    }

    private static int size(DiscoveryReply.Builder builder) {
        return builder.clone().build().getSerializedSize();
    }
}
