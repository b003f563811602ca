package dev.minternet.routing.ospf;

import java.util.List;

/**
 * What differs between OSPFv2's packets (RFC 2328 A.3) and OSPFv3's (RFC 5340 A.3) for the
 * machinery both versions share ({@link Iface}, {@link Neighbor}, {@link Flooding}): header sizes,
 * the Hello and Database Description bodies, LSA types. The bodies of Link State Request, Update
 * and Acknowledgment are laid out alike in both.
 */
interface OspfCodec {
    /** What a hello declares (RFC 2328 A.3.2, RFC 5340 A.3.2); {@code bad} says why it must be dropped, or null. */
    record Hello(String bad, int priority, int helloSec, int deadSec, int dr, int bdr, int ifaceId, int neighbors) {
    }

    /** The OSPF header's length (24 bytes in OSPFv2, 16 in OSPFv3). */
    int header();

    /** The IP header's length under it (20 bytes for IPv4, 40 for IPv6), for fitting packets in the MTU. */
    int ipHeader();

    /** Whether this version knows LSA type {@code type} (others are dropped). */
    boolean knownLsaType(int type);

    boolean v3();

    byte[] hello(int routerId, int area, Iface i, List<Integer> neighbors);

    /** The hello body at {@code o..end} heard on {@code i}, or null when it is too short. */
    Hello readHello(Iface i, byte[] b, int o, int end);

    /** The Database Description body's fixed part before the LSA headers (8 bytes in OSPFv2, 12 in OSPFv3). */
    int ddFixed();

    int ddMtu(byte[] b, int o);

    int ddFlags(byte[] b, int o);

    int ddSeq(byte[] b, int o);

    byte[] dd(int routerId, int area, int mtu, int flags, int seq, List<Lsa> headers);

    byte[] lsr(int routerId, int area, List<Lsa.Key> keys);

    byte[] lsu(int routerId, int area, List<Lsa> lsas);

    byte[] ack(int routerId, int area, List<Lsa> headers);
}
