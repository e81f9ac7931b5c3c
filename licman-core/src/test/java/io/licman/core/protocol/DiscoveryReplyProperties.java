package io.licman.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.FeatureAvailability;
import io.licman.core.protocol.v1.ServerRole;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DiscoveryReplyProperties {

    @Property
    void replyIsNeverLargerThanTheRequest(@ForAll("serverStates") DiscoveryReply state,
                                          @ForAll @IntRange(min = 0, max = 70_000) int requestSize) {
        Optional<byte[]> reply = DatagramCodec.encodeReply(state, requestSize);

        reply.ifPresent(bytes -> assertThat(bytes.length).isLessThanOrEqualTo(requestSize)
                .isLessThanOrEqualTo(DatagramCodec.MAX_DATAGRAM_SIZE));
    }

    @Property
    void cutReplyKeepsALeadingRunOfFeaturesAndSaysItWasCut(@ForAll("serverStates") DiscoveryReply state,
                                                           @ForAll @IntRange(min = 0, max = 1500) int requestSize)
            throws Exception {
        Optional<byte[]> reply = DatagramCodec.encodeReply(state, requestSize);
        if (reply.isEmpty()) {
            return;
        }
        DiscoveryReply sent = DatagramCodec.decodeReply(reply.get(), 0, reply.get().length);

        assertThat(sent.getNonce()).isEqualTo(state.getNonce());
        assertThat(sent.getFeaturesList()).isEqualTo(state.getFeaturesList().subList(0, sent.getFeaturesCount()));
        if (!sent.equals(state)) {
            assertThat(sent.getTruncated()).isTrue();
        }
    }

    @Property
    void smallestReplyIsAlwaysSentWhenItFits(@ForAll("serverStates") DiscoveryReply state) {
        DiscoveryReply minimal = DiscoveryReply.newBuilder().setNonce(state.getNonce()).setServerId(state.getServerId())
                .setTruncated(true).setMajorVersion(state.getMajorVersion()).setRole(state.getRole()).build();

        assertThat(DatagramCodec.encodeReply(state, DatagramCodec.MAGIC_LENGTH + minimal.getSerializedSize())).isPresent();
    }

    @Provide
    Arbitrary<DiscoveryReply> serverStates() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-.0123456789é").ofMaxLength(60);
        Arbitrary<FeatureAvailability> feature = Combinators.combine(names, names,
                        Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 100_000))
                .as((vendor, name, free, total) -> FeatureAvailability.newBuilder()
                        .setVendor(vendor).setName(name).setFree(free).setTotal(total).build());
        Arbitrary<List<FeatureAvailability>> features = feature.list().ofMaxSize(300);
        Arbitrary<List<String>> endpoints = names.map(n -> "1384@" + n).list().ofMaxSize(5);
        Arbitrary<List<String>> vendors = names.list().ofMaxSize(40);
        return Combinators.combine(Arbitraries.longs(), names, endpoints, vendors, features)
                .as((nonce, serverId, eps, vs, fs) -> DiscoveryReply.newBuilder()
                        .setNonce(nonce)
                        .setServerId(serverId)
                        .addAllEndpoints(eps)
                        .addAllVendors(vs)
                        .addAllFeatures(fs)
                        .setMajorVersion(Protocol.MAJOR_VERSION)
                        .setRole(ServerRole.SERVER_ROLE_STANDALONE)
                        .build());
    }
}
