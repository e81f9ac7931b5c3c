package io.licman.core.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.licman.core.protocol.v1.Checkin;
import io.licman.core.protocol.v1.CheckedIn;
import io.licman.core.protocol.v1.Checkout;
import io.licman.core.protocol.v1.ClientFrame;
import io.licman.core.protocol.v1.ClientIdentity;
import io.licman.core.protocol.v1.DenialReason;
import io.licman.core.protocol.v1.Denied;
import io.licman.core.protocol.v1.DiscoveryReply;
import io.licman.core.protocol.v1.DiscoveryRequest;
import io.licman.core.protocol.v1.FeatureAvailability;
import io.licman.core.protocol.v1.Granted;
import io.licman.core.protocol.v1.Heartbeat;
import io.licman.core.protocol.v1.HeartbeatAck;
import io.licman.core.protocol.v1.Hello;
import io.licman.core.protocol.v1.Holder;
import io.licman.core.protocol.v1.LeaseKey;
import io.licman.core.protocol.v1.LeaseStatus;
import io.licman.core.protocol.v1.ServerFrame;
import io.licman.core.protocol.v1.ServerRole;
import io.licman.core.protocol.v1.Welcome;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example exchange of docs/protocol.md, built from fixed values with the real encoders.
 * {@link ProtocolDocExamplesTest} checks the document's hex dumps against it, byte for byte;
 * {@link ProtocolDocPrinter} prints the annotated dumps to paste into the document.
 */
final class ProtocolExamples {

    /** 2027-01-01T09:00:00Z, the "now" of the examples. */
    static final long T0 = 1_798_794_000_000L;
    static final long LEASE_ID = 0x0000_0000_075B_CD15L;  // 123456789
    static final ByteString SECRET = ByteString.fromHex("00112233445566778899aabbccddeeff");
    static final ByteString CLIENT_ID = ByteString.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    static final long NONCE = 0x0123_4567_89AB_CDEFL;
    /** The discovery request of the example is padded to this size (real clients use 1,200). */
    static final int DISCOVERY_REQUEST_SIZE = 128;

    /** A real block signed by key acme-2026, whose public key docs/protocol.md gives. */
    static final String LICENSE_TEXT = """
            feature cad-pro {
                vendor         acme
                version        2.0
                count          5
                expires        2027-12-31
                host           any
                share          none
                issued         2026-11-27
                signature      acme-2026:6Tyac15SdyX1AF8J7IfOhQZyGdy21sGUsEQXhtGGCAAoSICQFQRTIiATx1tldwdn3xYdDr1tDIKAsCt0ML9GBg==
            }
            """;

    /** What an example is, which tells how to decode it. */
    enum Kind { PREAMBLE, CLIENT_FRAME, SERVER_FRAME, DISCOVERY_REQUEST, DISCOVERY_REPLY }

    /** One example: its name in the document, its bytes and the message they hold (null for the preamble). */
    record Example(String name, Kind kind, Message message, byte[] bytes) {
        Descriptor descriptor() {
            return message.getDescriptorForType();
        }

        String hex() {
            return HexFormat.of().formatHex(bytes);
        }
    }

    private ProtocolExamples() {
    }

    static Map<String, Example> all() {
        Map<String, Example> all = new LinkedHashMap<>();
        add(all, new Example("preamble", Kind.PREAMBLE, null, Preamble.current().toBytes()));
        add(all, client("hello-request", 1, ClientFrame.newBuilder().setHello(hello())));
        add(all, server("welcome-response", 1, ServerFrame.newBuilder().setWelcome(welcome())));
        add(all, client("checkout-request", 2, ClientFrame.newBuilder().setCheckout(checkout("cad-pro"))));
        add(all, server("granted-response", 2, ServerFrame.newBuilder().setGranted(granted())));
        add(all, client("heartbeat-request", 3, ClientFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .addLeases(LeaseKey.newBuilder().setLeaseId(LEASE_ID).setSecret(SECRET)))));
        add(all, server("heartbeat-ack-response", 3, ServerFrame.newBuilder().setHeartbeatAck(HeartbeatAck.newBuilder()
                .addLeases(LeaseStatus.newBuilder().setLeaseId(LEASE_ID).setOk(true).setExpiresAtEpochMs(T0 + 40_000)))));
        add(all, client("checkin-request", 4, ClientFrame.newBuilder().setCheckin(Checkin.newBuilder()
                .setLeaseId(LEASE_ID).setSecret(SECRET))));
        add(all, server("checked-in-response", 4, ServerFrame.newBuilder().setCheckedIn(CheckedIn.newBuilder()
                .setLeaseId(LEASE_ID))));
        add(all, client("denied-checkout-request", 5, ClientFrame.newBuilder().setCheckout(checkout("sim-max"))));
        add(all, server("denied-response", 5, ServerFrame.newBuilder().setDenied(denied())));
        DiscoveryRequest request = discoveryRequest();
        byte[] requestBytes = DatagramCodec.encodeRequest(request, DISCOVERY_REQUEST_SIZE);
        add(all, new Example("discovery-request", Kind.DISCOVERY_REQUEST, decodeRequest(requestBytes), requestBytes));
        DiscoveryReply reply = discoveryReply();
        byte[] replyBytes = DatagramCodec.encodeReply(reply, requestBytes.length).orElseThrow();
        add(all, new Example("discovery-reply", Kind.DISCOVERY_REPLY, reply, replyBytes));
        return all;
    }

    static Hello hello() {
        return Hello.newBuilder()
                .setClient(ClientIdentity.newBuilder()
                        .setUser("alice")
                        .setHost("ws17")
                        .setDisplay(":0")
                        .setIp("192.0.2.17")
                        .setProcessId(4242)
                        .setClientId(CLIENT_ID)
                        .addHostIds("mac:00:1a:2b:3c:4d:5e"))
                .setSdkName("licman-java")
                .setSdkVersion("0.1.0")
                .build();
    }

    static Welcome welcome() {
        return Welcome.newBuilder()
                .setServerId("lic1")
                .setServerVersion("0.1.0")
                .setHeartbeatIntervalMs(10_000)
                .setMaxFrameSize(Protocol.MAX_FRAME_SIZE)
                .setRole(ServerRole.SERVER_ROLE_STANDALONE)
                .setServerTimeEpochMs(T0)
                .build();
    }

    static Checkout checkout(String feature) {
        return Checkout.newBuilder().setVendor("acme").setFeature(feature).setMinVersion("2.0").setCount(1).build();
    }

    static Granted granted() {
        return Granted.newBuilder()
                .setLeaseId(LEASE_ID)
                .setLeaseSecret(SECRET)
                .setExpiresAtEpochMs(T0 + 30_000)
                .setHeartbeatIntervalMs(10_000)
                .setTtlMs(30_000)
                .addLicenseText(LICENSE_TEXT)
                .setVersion("2.0")
                .setCount(1)
                .build();
    }

    static Denied denied() {
        return Denied.newBuilder()
                .setReason(DenialReason.DENIAL_REASON_ALL_SEATS_IN_USE)
                .setMessage("all 2 seats of acme sim-max are in use; try later or queue")
                .addHolders(Holder.newBuilder().setUser("bob").setHost("ws03").setSinceEpochMs(T0 - 3_600_000).setCount(1))
                .addHolders(Holder.newBuilder().setUser("carol").setHost("ws08").setSinceEpochMs(T0 - 600_000).setCount(1))
                .build();
    }

    static DiscoveryRequest discoveryRequest() {
        return DiscoveryRequest.newBuilder().setMajorVersion(1).setNonce(NONCE).setVendor("acme").build();
    }

    static DiscoveryReply discoveryReply() {
        return DiscoveryReply.newBuilder()
                .setNonce(NONCE)
                .setServerId("lic1")
                .addEndpoints("1384@lic1.example.com")
                .addVendors("acme")
                .addFeatures(FeatureAvailability.newBuilder().setVendor("acme").setName("cad-pro").setFree(4).setTotal(5))
                .addFeatures(FeatureAvailability.newBuilder().setVendor("acme").setName("sim-max").setFree(0).setTotal(2))
                .setMajorVersion(1)
                .setRole(ServerRole.SERVER_ROLE_STANDALONE)
                .build();
    }

    private static Example client(String name, long requestId, ClientFrame.Builder frame) {
        ClientFrame message = frame.setRequestId(requestId).build();
        return new Example(name, Kind.CLIENT_FRAME, message, new FrameEncoder().encode(message));
    }

    private static Example server(String name, long requestId, ServerFrame.Builder frame) {
        ServerFrame message = frame.setRequestId(requestId).build();
        return new Example(name, Kind.SERVER_FRAME, message, new FrameEncoder().encode(message));
    }

    private static DiscoveryRequest decodeRequest(byte[] bytes) {
        try {
            return DatagramCodec.decodeRequest(bytes, 0, bytes.length);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static void add(Map<String, Example> all, Example example) {
        all.put(example.name(), example);
    }

    /** The names, in document order. */
    static List<String> names() {
        return List.copyOf(all().keySet());
    }
}
