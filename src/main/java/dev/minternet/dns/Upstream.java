package dev.minternet.dns;

import org.xbill.DNS.Message;

/**
 * How a DNS component reaches other servers: one query, one callback. {@link DnsClient} does it
 * over the simulated network; tests substitute a script, so the resolver's logic can be driven
 * without a network (DESIGN.md decision 4).
 */
interface Upstream {
    void query(Message query, int server, String serverName, long timeoutNs, boolean overTcp, DnsClient.Callback cb);
}
