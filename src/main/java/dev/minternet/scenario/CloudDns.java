package dev.minternet.scenario;

import dev.minternet.scenario.CloudReader.Subnet;
import dev.minternet.scenario.CloudReader.Vpc;
import dev.minternet.scenario.CloudSpec.CloudNode;
import dev.minternet.scenario.CloudSpec.Role;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.LinkDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsSetup;
import dev.minternet.dns.Zone;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The {@code private-zones:} of the {@code cloud:} section and the VPC resolvers that answer them
 * (split horizon, as Route 53's private hosted zones), read and compiled for {@link CloudReader}.
 */
final class CloudDns {
    static final String[] PRIVATE_ZONE_FIELDS = {"name", "vpcs", "records"};

    private final CloudReader r;

    CloudDns(CloudReader r) {
        this.r = r;
    }

    /**
     * A private hosted zone: {name, r.vpcs, records}. Route 53 gives it an SOA and NS records of its
     * own; they are added here unless the records hold them.
     */
    void readZone(Val v) throws ScenarioException {
        Obj zo = v.obj(PRIVATE_ZONE_FIELDS);
        Val nv = zo.req("name", "the zone's domain, e.g. shop.internal or example.com");
        Name origin;
        try {
            origin = Dns.name(nv.text().strip());
        } catch (IllegalArgumentException e) {
            throw nv.error(Yaml.oneLine(e.getMessage()));
        }
        if (origin.equals(Name.root)) {
            throw nv.error("a private zone cannot be the root");
        }
        String shown = Dns.show(origin);
        Val vv = zo.req("vpcs", "the VPCs it is associated with, e.g. [shop]");
        List<Val> list = vv.list();
        if (list.isEmpty()) {
            throw vv.error("a private zone is associated with at least one VPC");
        }
        List<Vpc> assoc = new ArrayList<>();
        for (Val x : list) {
            Vpc vpc = r.knownVpc(x);
            Val first = vpc.zoneVals.get(shown);
            if (first != null) {
                throw x.error("vpc " + vpc.name + " is already associated with a private zone " + shown + " (line "
                        + first.loc().line() + ")");
            }
            vpc.zoneVals.put(shown, x);
            assoc.add(vpc);
        }
        Val rv = zo.opt("records");
        List<Record> recs = new ArrayList<>();
        if (rv != null) {
            try {
                recs.addAll(DnsSetup.readMasterText(rv.text(), origin));
            } catch (IllegalArgumentException e) {
                throw rv.error("zone records: " + Yaml.oneLine(e.getMessage()) + " (lines counted from the first record"
                        + " line)");
            }
        }
        Name ns = Name.fromConstantString("ns-1536.awsdns-00.co.uk.");
        if (recs.stream().noneMatch(r -> r.getType() == Type.SOA)) {
            recs.add(0, new SOARecord(origin, DClass.IN, 900, ns, Name.fromConstantString("awsdns-hostmaster.amazon.com."),
                    1, 7200, 900, 1209600, 86400));
        }
        if (recs.stream().noneMatch(r -> r.getType() == Type.NS && r.getName().equals(origin))) {
            recs.add(1, new NSRecord(origin, DClass.IN, 172800, ns));
        }
        try {
            new Zone(origin, recs);
        } catch (IllegalArgumentException e) {
            throw (rv == null ? nv : rv).error("zone records: " + Yaml.oneLine(e.getMessage()));
        }
        List<String> names = new ArrayList<>();
        for (Vpc vpc : assoc) {
            names.add(vpc.name);
        }
        CloudSpec.PrivateZone z = new CloudSpec.PrivateZone(shown, recs, names);
        r.privateZones.add(z);
        for (Vpc vpc : assoc) {
            vpc.zones.add(z);
        }
    }

    /**
     * The VPC's resolver: host {@code <vpc>-dns} holding the VPC's base + 2, on its own link to the
     * router of the subnet that holds that address (or, when no subnet does, to the first subnet's
     * router on a /30 of the VPC's first four addresses, routed to from the other subnets); and,
     * when the cloud names public r.resolvers, a fabric link to the r.internet node to reach them.
     */
    void resolver(Vpc vpc, List<Subnet> subs, Val at) throws ScenarioException {
        int addr = vpc.cidr.network() + 2;
        NodeDraft dns = r.node(at, vpc.name + "-dns", NodeKind.HOST);
        Subnet home = null;
        for (Subnet s : subs) {
            if (s.cidr.contains(addr)) {
                home = s;
            }
        }
        if (home != null) {
            r.attach(at, dns, home, addr);
            CloudReader.route(dns, at, new Cidr(0, 0), home.cidr.network() + 1, null);
        } else {
            Subnet first = subs.get(0);
            LinkDraft l = r.link(at, dns, "eth0", new Cidr(addr, 30), first.router, CloudReader.nextIface(first.router),
                    new Cidr(addr - 1, 30), 0);
            CloudReader.route(dns, at, new Cidr(0, 0), addr - 1, null);
            CloudReader.route(first.router, at, new Cidr(addr, 32), addr, l.b().iface);
            for (Subnet s : subs) {
                if (s == first) {
                    continue;
                }
                LinkDraft m = vpc.mesh.get(first.name + "/" + s.name);
                if (m == null) {
                    m = vpc.mesh.get(s.name + "/" + first.name);
                }
                EndDraft mine = m.a().node == s.router ? m.a() : m.b();
                EndDraft theirs = mine == m.a() ? m.b() : m.a();
                CloudReader.route(s.router, at, new Cidr(addr, 32), theirs.cidr.address(), mine.iface);
            }
        }
        if (!r.publicResolvers.isEmpty()) {
            if (r.fabricNext >= 1 << 14) {
                throw at.error("the cloud needs more than 16384 fabric links (169.254.0.0/16); use fewer subnets");
            }
            int net = CloudReader.FABRIC + 4 * r.fabricNext++;
            LinkDraft f = r.link(at, dns, CloudReader.nextIface(dns), new Cidr(net + 1, 30), r.internet, null, new Cidr(net + 2, 30), 0);
            for (int u : r.publicResolvers) {
                CloudReader.route(dns, at, new Cidr(u, 32), net + 2, f.a().iface);
            }
        }
        vpc.resolverAddr = addr;
        List<String> zn = new ArrayList<>();
        for (CloudSpec.PrivateZone z : vpc.zones) {
            zn.add(z.name());
        }
        r.labels.put(dns.name, new CloudNode(Role.RESOLVER, "resolver of vpc " + vpc.name + " at " + Ip4.str(addr)
                + " (private zones: " + (zn.isEmpty() ? "none" : String.join(", ", zn)) + ")", List.of(),
                "the VPC resolver answers only clients inside vpc " + vpc.name));
        r.resolvers.add(new CloudSpec.VpcDns(dns.name, vpc.cidr, vpc.zones, r.publicResolvers));
    }
}
