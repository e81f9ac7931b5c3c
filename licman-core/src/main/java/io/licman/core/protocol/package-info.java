/**
 * The licman wire protocol, transport-independent: the TCP preamble, length-prefixed frames
 * of {@link io.licman.core.protocol.v1.ClientFrame} and {@link io.licman.core.protocol.v1.ServerFrame},
 * and UDP discovery datagrams. The specification is {@code docs/protocol.md}.
 *
 * <p>These classes do no I/O of their own, so the Netty server and the plain-socket client use
 * the same code:
 * <ul>
 *   <li>{@link io.licman.core.protocol.ProtocolDetector} tells the binary protocol from HTTP and TLS
 *       by the first bytes of a connection;</li>
 *   <li>{@link io.licman.core.protocol.Preamble} is the 8 bytes a client sends first;</li>
 *   <li>{@link io.licman.core.protocol.FrameEncoder} turns a frame into bytes;</li>
 *   <li>{@link io.licman.core.protocol.FrameDecoder} turns a stream of byte chunks back into frames;</li>
 *   <li>{@link io.licman.core.protocol.VersionNegotiation} picks the version and frame limit of a session;</li>
 *   <li>{@link io.licman.core.protocol.DatagramCodec} and {@link io.licman.core.protocol.DiscoveryReplyFitter}
 *       handle discovery datagrams, whose replies are never larger than their requests.</li>
 * </ul>
 * The generated message classes are in {@code io.licman.core.protocol.v1}.
 */
package io.licman.core.protocol;
