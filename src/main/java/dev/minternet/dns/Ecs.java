package dev.minternet.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * EDNS Client Subnet (RFC 7871): option code 8, FAMILY 1 (IPv4), SOURCE PREFIX-LENGTH, SCOPE
 * PREFIX-LENGTH and the address cut to the source prefix. dnsjava encodes it; this says where it
 * goes.
 */
public final class Ecs {
    private Ecs() {
    }

    /** The query's or reply's ECS option, or null. */
    public static ClientSubnetOption option(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions()) {
            if (o instanceof ClientSubnetOption c) {
                return c;
            }
        }
        return null;
    }

    /** An IPv4 option for {@code address}/{@code source} (the address cut to the prefix) with {@code scope}. */
    public static ClientSubnetOption ipv4(int address, int source, int scope) {
        int masked = source == 0 ? 0 : address & (int) (0xffffffffL << (32 - source));
        byte[] b = {(byte) (masked >>> 24), (byte) (masked >>> 16), (byte) (masked >>> 8), (byte) masked};
        try {
            return new ClientSubnetOption(source, scope, InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The option's IPv4 address as an int (0 for another family). */
    public static int address(ClientSubnetOption c) {
        if (c.getFamily() != 1) {
            return 0;
        }
        byte[] b = c.getAddress().getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /** Puts {@code ecs} into {@code m}'s OPT record in place of any ECS option there (nothing without an OPT record). */
    public static void put(Message m, ClientSubnetOption ecs) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return;
        }
        List<EDNSOption> options = new ArrayList<>();
        for (EDNSOption o : opt.getOptions()) {
            if (!(o instanceof ClientSubnetOption)) {
                options.add(o);
            }
        }
        options.add(ecs);
        DnsCookies.replaceOpt(m, new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags(), options));
    }
}
