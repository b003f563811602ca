package dev.minternet.scenario;

import dev.minternet.netfilter.FirewallConfig;
import dev.minternet.netfilter.FirewallConfig.Action;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.netfilter.FirewallConfig.Rule;
import dev.minternet.scenario.CloudSpec.CloudNode;
import dev.minternet.scenario.CloudSpec.Role;
import dev.minternet.scenario.Scenario.NodeKind;
import dev.minternet.scenario.Topology.EndDraft;
import dev.minternet.scenario.Topology.LinkDraft;
import dev.minternet.scenario.Topology.NodeDraft;
import dev.minternet.scenario.Yaml.Obj;
import dev.minternet.scenario.CloudReader.Region;
import dev.minternet.scenario.CloudReader.Vpc;
import dev.minternet.scenario.Yaml.Val;
import dev.minternet.wire.Ip4.Cidr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code transit-gateways:} of the {@code cloud:} section, read and compiled for
 * {@link CloudReader}: attachments, route tables with associations, propagations, static and
 * blackhole routes, and the routers and links they become.
 */
final class CloudTgws {
    static final String[] TGW_FIELDS = {"name", "region", "attachments", "route-tables"};
    static final String[] TGW_TABLE_FIELDS = {"name", "associations", "propagations", "routes"};
    static final String[] TGW_ROUTE_FIELDS = {"to", "via", "blackhole"};

    private final CloudReader r;

    CloudTgws(CloudReader r) {
        this.r = r;
    }

    /** A transit gateway: its attachments by VPC name and its route tables by name. */
    static final class Tgw {
        final Val val;
        final String name;
        final Map<String, Attachment> attachments = new LinkedHashMap<>();
        final Map<String, TgwTable> tables = new LinkedHashMap<>();

        Tgw(Val val, String name) {
            this.val = val;
            this.name = name;
        }
    }

    /** A VPC's attachment to a transit gateway: a router joined to every subnet of the VPC and to every table. */
    static final class Attachment {
        final Vpc vpc;
        final NodeDraft node;
        TgwTable table;
        /** The table's end of its link to this attachment, by table. */
        final Map<TgwTable, EndDraft> tableEnd = new LinkedHashMap<>();

        Attachment(Vpc vpc, NodeDraft node) {
            this.vpc = vpc;
            this.node = node;
        }
    }

    static final class TgwTable {
        final Obj obj;
        final String name;
        final NodeDraft node;
        final List<Attachment> propagations = new ArrayList<>();
        /** The attachment's end of its link to this table, by attachment. */
        final Map<Attachment, EndDraft> attachmentEnd = new LinkedHashMap<>();

        TgwTable(Obj obj, String name, NodeDraft node) {
            this.obj = obj;
            this.name = name;
            this.node = node;
        }
    }

    /**
     * A transit gateway: its attachments (a router {@code <tgw>-<vpc>} each) and route tables (a
     * router {@code <tgw>-<table>} each), every attachment linked to every table. An attachment
     * routes what comes from its VPC to its associated table, and what comes from a table into
     * its VPC; a table routes by its propagated and static routes to the attachments.
     */
    void read(Val v) throws ScenarioException {
        Obj o = v.obj(TGW_FIELDS);
        Val nv = o.req("name", "e.g. tgw-main");
        String name = CloudReader.name(nv);
        if (r.tgws.containsKey(name)) {
            throw nv.error("duplicate transit gateway '" + name + "'");
        }
        if (name.equals("igw")) {
            throw nv.error("'igw' names the internet gateway in route tables; call the transit gateway something else");
        }
        for (Vpc vpc : r.vpcs.values()) {
            if (vpc.peerings.containsKey(name)) {
                throw nv.error("'" + name + "' is already a peering's name; route tables could not tell them apart");
            }
        }
        Val rv = o.req("region", "the region it is in; it attaches VPCs of that region");
        Region region = r.regions.get(rv.text().strip());
        if (region == null) {
            throw rv.error("unknown region '" + Yaml.oneLine(rv.text().strip()) + "' (regions: "
                    + String.join(", ", r.regions.keySet()) + ")");
        }
        Tgw tgw = new Tgw(v, name);
        Val av = o.req("attachments", "the VPCs attached to it, e.g. [shop, ops]");
        if (av.list().isEmpty()) {
            throw av.error("a transit gateway needs at least one attachment");
        }
        for (Val x : av.list()) {
            Vpc vpc = r.knownVpc(x);
            if (tgw.attachments.containsKey(vpc.name)) {
                throw x.error("vpc " + vpc.name + " is attached twice");
            }
            if (vpc.region != region) {
                throw x.error("vpc " + vpc.name + " is in region " + vpc.region.name() + ", the transit gateway in "
                        + region.name() + " (it attaches VPCs of its own region; peering of transit gateways across"
                        + " regions is not modelled)");
            }
            for (Attachment other : tgw.attachments.values()) {
                if (CloudReader.overlap(other.vpc.cidr, vpc.cidr)) {
                    throw x.error("vpc " + vpc.name + " " + vpc.cidr.networkString() + " overlaps vpc " + other.vpc.name
                            + " " + other.vpc.cidr.networkString() + ", also attached to " + name
                            + " (attached CIDR blocks must not overlap)");
                }
            }
            tgw.attachments.put(vpc.name, new Attachment(vpc, r.node(x, name + "-" + vpc.name, NodeKind.ROUTER)));
            vpc.tgws.put(name, tgw);
        }
        for (Val t : o.list("route-tables")) {
            Obj to = t.obj(TGW_TABLE_FIELDS);
            Val tn = to.req("name", "e.g. rt-spokes");
            String tname = CloudReader.name(tn);
            if (tgw.tables.containsKey(tname)) {
                throw tn.error("duplicate route table '" + tname + "' in transit gateway " + name);
            }
            TgwTable table = new TgwTable(to, tname, r.node(tn, name + "-" + tname, NodeKind.ROUTER));
            tgw.tables.put(tname, table);
            for (Val x : to.list("associations")) {
                Attachment a = attachment(tgw, x);
                if (a.table != null) {
                    throw x.error("the attachment of vpc " + a.vpc.name + " is already associated with route table "
                            + a.table.name + " (an attachment has one route table)");
                }
                a.table = table;
            }
            for (Val x : to.list("propagations")) {
                Attachment a = attachment(tgw, x);
                if (table.propagations.contains(a)) {
                    throw x.error("vpc " + a.vpc.name + " already propagates to route table " + tname);
                }
                table.propagations.add(a);
            }
        }
        for (Attachment a : tgw.attachments.values()) {
            for (TgwTable table : tgw.tables.values()) {
                LinkDraft l = r.fabric(table.obj.raw("name"), a.node, table.node, 0);
                a.tableEnd.put(table, l.b());
                table.attachmentEnd.put(a, l.a());
            }
            if (a.table != null) {
                EndDraft te = a.tableEnd.get(a.table);
                CloudReader.route(a.node, v, new Cidr(0, 0), te.cidr.address(), other(te).iface);
            }
        }
        r.tgws.put(name, tgw);
    }

    /** The other end of {@code e}'s link. */
    private static EndDraft other(EndDraft e) {
        return e.link.a() == e ? e.link.b() : e.link.a();
    }

    private static Attachment attachment(Tgw tgw, Val v) throws ScenarioException {
        Attachment a = tgw.attachments.get(v.text().strip());
        if (a == null) {
            throw v.error("vpc '" + Yaml.oneLine(v.text().strip()) + "' is not attached to transit gateway " + tgw.name
                    + " (attachments: " + String.join(", ", tgw.attachments.keySet()) + ")");
        }
        return a;
    }

    private record TgwRoute(Val val, Cidr to, Attachment via, String label) {
    }

    /** A transit gateway's tables as routes (and, for blackhole routes, a FORWARD chain), with their r.labels. */
    void compile(Tgw tgw) throws ScenarioException {
        for (TgwTable table : tgw.tables.values()) {
            String tl = "transit gateway " + tgw.name + " route table " + table.name;
            Map<String, TgwRoute> routes = new LinkedHashMap<>();
            for (Attachment a : table.propagations) {
                String key = a.vpc.cidr.networkString();
                routes.put(key, new TgwRoute(table.obj.raw("propagations"), a.vpc.cidr, a, tl + " route " + key
                        + " -> attachment of vpc " + a.vpc.name + " (propagated)"));
            }
            Map<String, Val> statics = new LinkedHashMap<>();
            for (Val r : table.obj.list("routes")) {
                Obj ro = r.obj(TGW_ROUTE_FIELDS);
                Val tv = ro.req("to", "a destination block, e.g. 10.2.0.0/16");
                Cidr to = CloudReader.prefix(tv);
                String key = to.networkString();
                Val first = statics.putIfAbsent(key, r);
                if (first != null) {
                    throw tv.error("route " + key + " is already in route table " + table.name + " (line "
                            + first.loc().line() + ")");
                }
                Val via = ro.opt("via");
                boolean blackhole = ro.opt("blackhole", false, Fields::bool);
                if (blackhole == (via != null)) {
                    throw new ScenarioException(ro.loc(), r.path, "a transit gateway route has either 'via: <attached"
                            + " vpc>' or 'blackhole: true'");
                }
                if (blackhole) {
                    routes.put(key, new TgwRoute(r, to, null, tl + " route " + key + " (blackhole)"));
                } else {
                    Attachment a = attachment(tgw, via);
                    routes.put(key, new TgwRoute(r, to, a, tl + " route " + key + " -> attachment of vpc " + a.vpc.name
                            + " (static)"));
                }
            }
            Map<String, String> routeLabels = new LinkedHashMap<>();
            boolean anyBlackhole = false;
            EndDraft any = table.attachmentEnd.values().iterator().next();
            for (TgwRoute r : routes.values()) {
                EndDraft theirs = r.via() == null ? any : table.attachmentEnd.get(r.via());
                EndDraft mine = other(theirs);
                CloudReader.route(table.node, r.val(), r.to(), theirs.cidr.address(), mine.iface);
                routeLabels.put(r.to().networkString(), r.label());
                anyBlackhole |= r.via() == null;
            }
            List<String> names = new ArrayList<>();
            if (anyBlackhole) {
                // Longest prefix first, so the first rule that matches is the route the table chose.
                List<TgwRoute> sorted = new ArrayList<>(routes.values());
                sorted.sort((x, y) -> Integer.compare(y.to().length(), x.to().length()));
                List<Rule> rules = new ArrayList<>();
                for (TgwRoute r : sorted) {
                    rules.add(new Rule(r.via() == null ? Action.DENY : Action.ALLOW, Direction.FORWARD, Rule.ANY, null,
                            r.to(), -1, -1));
                    names.add(r.label());
                }
                table.node.firewall = new FirewallConfig(Action.ALLOW, Action.ALLOW, Action.ALLOW, rules,
                        EnumSet.noneOf(Direction.class));
            }
            r.labels.put(table.node.name, new CloudNode(Role.TGW_ROUTE_TABLE, tl, names, "no route in " + tl
                    + " covers it (add a static route or a propagation)", routeLabels));
        }
        for (Attachment a : tgw.attachments.values()) {
            Map<String, String> rl = new LinkedHashMap<>();
            if (a.table != null) {
                rl.put("0.0.0.0/0", "attachment of vpc " + a.vpc.name + " to " + tgw.name + ", associated with route"
                        + " table " + a.table.name);
            }
            r.labels.put(a.node.name, new CloudNode(Role.TGW_ATTACHMENT, "attachment of vpc " + a.vpc.name
                    + " to transit gateway " + tgw.name, List.of(), a.table == null ? "the attachment of vpc "
                    + a.vpc.name + " is associated with no route table of " + tgw.name : "no route", rl));
        }
    }
}
