package dev.minternet.cli;

import dev.minternet.attack.AttackEvents;
import dev.minternet.browser.BrowserEvents;
import dev.minternet.dhcp.DhcpEvents;
import dev.minternet.dns.DnsEvents;
import dev.minternet.http.HttpEvents;
import dev.minternet.http.grpc.GrpcEvents;
import dev.minternet.http.ws.WsEvents;
import dev.minternet.ip.ArpEvents;
import dev.minternet.ip.IcmpEvents;
import dev.minternet.ip.IpEvents;
import dev.minternet.ip6.Ip6Events;
import dev.minternet.link.LinkEvents;
import dev.minternet.link.ethernet.BridgeEvents;
import dev.minternet.link.wifi.WifiEvents;
import dev.minternet.netfilter.ConntrackEvents;
import dev.minternet.netfilter.FirewallEvents;
import dev.minternet.netfilter.NatEvents;
import dev.minternet.netfilter.NlbEvents;
import dev.minternet.node.NodeEvents;
import dev.minternet.routing.RoutingEvents;
import dev.minternet.routing.bgp.BgpEvents;
import dev.minternet.routing.ospf.OspfEvents;
import dev.minternet.services.app.AppEvents;
import dev.minternet.services.app.CacheEvents;
import dev.minternet.services.chat.ChatEvents;
import dev.minternet.services.db.DbClientEvents;
import dev.minternet.services.db.DbEvents;
import dev.minternet.services.gateway.AuthEvents;
import dev.minternet.services.gateway.GatewayEvents;
import dev.minternet.services.httpcache.HttpCacheEvents;
import dev.minternet.services.lb.AutoscaleEvents;
import dev.minternet.services.lb.LoadEvents;
import dev.minternet.services.lb.LbEvents;
import dev.minternet.services.media.MediaEvents;
import dev.minternet.services.mesh.MeshEvents;
import dev.minternet.services.app.GraphqlEvents;
import dev.minternet.services.app.SseEvents;
import dev.minternet.services.mqtt.MqttEvents;
import dev.minternet.services.redis.RedisEvents;
import dev.minternet.tls.TlsEvents;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.Catalog;
import dev.minternet.trace.TraceSchema;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.transport.udp.UdpEvents;
import java.util.List;

/**
 * Every trace layer's event catalog, from the bottom of the stack up: the one place a new layer
 * registers its catalog (one line). {@code docs/trace.md} is generated from this list (a test
 * fails when it is stale), and {@code minternet plot} types the traces it reads with it.
 */
public final class EventCatalogs {
    private EventCatalogs() {
    }

    public static final List<Catalog> ALL = List.of(
            LinkEvents.CATALOG,
            BridgeEvents.CATALOG,
            WifiEvents.CATALOG,
            IpEvents.CATALOG,
            IcmpEvents.CATALOG,
            ArpEvents.CATALOG,
            Ip6Events.CATALOG,
            DhcpEvents.CATALOG,
            ConntrackEvents.CATALOG,
            NatEvents.CATALOG,
            NlbEvents.CATALOG,
            FirewallEvents.CATALOG,
            UdpEvents.CATALOG,
            TcpEvents.CATALOG,
            NodeEvents.CATALOG,
            RoutingEvents.CATALOG,
            BgpEvents.CATALOG,
            OspfEvents.CATALOG,
            OspfEvents.CATALOG6,
            DnsEvents.CATALOG,
            TlsEvents.CATALOG,
            HttpEvents.CATALOG,
            WsEvents.CATALOG,
            GrpcEvents.CATALOG,
            LbEvents.CATALOG,
            HttpCacheEvents.CATALOG,
            MeshEvents.CATALOG,
            AutoscaleEvents.CATALOG,
            LoadEvents.CATALOG,
            GatewayEvents.CATALOG,
            AuthEvents.CATALOG,
            AppEvents.CATALOG,
            DbEvents.CATALOG,
            DbClientEvents.CATALOG,
            RedisEvents.CATALOG,
            CacheEvents.CATALOG,
            ChatEvents.CATALOG,
            MqttEvents.CATALOG,
            MediaEvents.CATALOG,
            GraphqlEvents.CATALOG,
            SseEvents.CATALOG,
            BrowserEvents.CATALOG,
            ToolEvents.CATALOG,
            AttackEvents.CATALOG);

    /** The schema of {@link #ALL}, for reading a trace back. */
    public static TraceSchema schema() {
        return TraceSchema.of(ALL);
    }
}
