package dev.minternet.dns;

import org.xbill.DNS.Message;

/**
 * How a DNS component reaches other servers: one query, one callback. {@link DnsClient} does it
 * over the simulated network; tests substitute a script, so the resolver's logic can be driven
 * without a network (docs/design.md decision 4).
 */
interface Upstream {
    void query(Message query, int server, String serverName, long timeoutNs, boolean overTcp, DnsClient.Callback cb);

    /** A query to a server of either family; a script that knows IPv4 only answers IPv6 servers with a timeout. */
    default void query(Message query, ServerAddress server, String serverName, long timeoutNs, boolean overTcp,
                       DnsClient.Callback cb) {
        if (server.isV6()) {
            cb.done(null, timeoutNs, 0);
        } else {
            query(query, server.v4(), serverName, timeoutNs, overTcp, cb);
        }
    }
}
