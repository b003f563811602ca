package dev.minternet.tools;

import java.util.Map;

/**
 * Port numbers by their service names, as {@code getservbyport(3)} reads them from Debian's
 * {@code /etc/services} (package netbase), for the ports a scenario is likely to use; other
 * ports have no name ({@code *} in nc's words).
 */
final class Services {
    private Services() {
    }

    private static final Map<Integer, String> TCP = Map.ofEntries(
            Map.entry(7, "echo"), Map.entry(9, "discard"), Map.entry(13, "daytime"), Map.entry(19, "chargen"),
            Map.entry(20, "ftp-data"), Map.entry(21, "ftp"), Map.entry(22, "ssh"), Map.entry(23, "telnet"),
            Map.entry(25, "smtp"), Map.entry(37, "time"), Map.entry(43, "whois"), Map.entry(53, "domain"),
            Map.entry(79, "finger"), Map.entry(80, "http"), Map.entry(88, "kerberos"), Map.entry(110, "pop3"),
            Map.entry(111, "sunrpc"), Map.entry(113, "auth"), Map.entry(119, "nntp"), Map.entry(143, "imap2"),
            Map.entry(161, "snmp"), Map.entry(179, "bgp"), Map.entry(389, "ldap"), Map.entry(443, "https"),
            Map.entry(445, "microsoft-ds"), Map.entry(465, "submissions"), Map.entry(514, "shell"),
            Map.entry(587, "submission"), Map.entry(631, "ipp"), Map.entry(636, "ldaps"), Map.entry(853, "domain-s"),
            Map.entry(873, "rsync"), Map.entry(990, "ftps"), Map.entry(993, "imaps"), Map.entry(995, "pop3s"),
            Map.entry(1080, "socks"), Map.entry(1194, "openvpn"), Map.entry(1433, "ms-sql-s"), Map.entry(1812, "radius"),
            Map.entry(2049, "nfs"), Map.entry(3306, "mysql"), Map.entry(3389, "ms-wbt-server"), Map.entry(5060, "sip"),
            Map.entry(5061, "sip-tls"), Map.entry(5222, "xmpp-client"), Map.entry(5432, "postgresql"),
            Map.entry(5671, "amqps"), Map.entry(5672, "amqp"), Map.entry(6379, "redis"), Map.entry(6667, "ircd"),
            Map.entry(8080, "http-alt"), Map.entry(8081, "tproxy"), Map.entry(9418, "git"));

    private static final Map<Integer, String> UDP = Map.ofEntries(
            Map.entry(7, "echo"), Map.entry(9, "discard"), Map.entry(53, "domain"), Map.entry(67, "bootps"),
            Map.entry(68, "bootpc"), Map.entry(69, "tftp"), Map.entry(88, "kerberos"), Map.entry(123, "ntp"),
            Map.entry(137, "netbios-ns"), Map.entry(161, "snmp"), Map.entry(162, "snmp-trap"), Map.entry(389, "ldap"),
            Map.entry(443, "https"), Map.entry(500, "isakmp"), Map.entry(514, "syslog"), Map.entry(520, "route"),
            Map.entry(546, "dhcpv6-client"), Map.entry(547, "dhcpv6-server"), Map.entry(853, "domain-s"),
            Map.entry(1194, "openvpn"), Map.entry(1812, "radius"), Map.entry(2049, "nfs"), Map.entry(4500, "ipsec-nat-t"),
            Map.entry(5060, "sip"), Map.entry(5353, "mdns"));

    /** The service name of {@code port} for "tcp" or "udp", or null when it has none. */
    static String byPort(int port, String proto) {
        return ("udp".equals(proto) ? UDP : TCP).get(port);
    }

    /**
     * netcat-openbsd's line for a connection made (or, for UDP, a socket connected):
     * {@code Connection to b (198.18.0.2) 5001 port [tcp/*] succeeded!}; the address in
     * parentheses only when the host was given as a name, the service name unless {@code -n}.
     */
    static String ncSucceeded(String host, String ip, int port, String proto, boolean numeric) {
        String sv = numeric ? null : byPort(port, proto);
        return "Connection to " + host + (host.equals(ip) ? "" : " (" + ip + ")") + " " + port + " port [" + proto + "/"
                + (sv == null ? "*" : sv) + "] succeeded!";
    }
}
