package dev.minternet.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One zone's authoritative data and the lookup of RFC 1034 4.3.2 (steps 3a-3c): an answer, a
 * referral at a zone cut with glue, a CNAME (followed inside the zone), a wildcard match
 * (RFC 4592), or a negative answer with the SOA (RFC 2308 3).
 */
public final class Zone {
    /** What the zone says about a question. */
    public enum Kind { ANSWER, REFERRAL, NXDOMAIN, NODATA }

    /** A lookup's result: the records for each section. */
    public record Result(Kind kind, List<Record> answer, List<Record> authority, List<Record> additional) {
        public int rcode() {
            return kind == Kind.NXDOMAIN ? Rcode.NXDOMAIN : Rcode.NOERROR;
        }

        /** Puts this answer into reply {@code r}: AA unless a referral, the rcode and the three sections. */
        public void fill(Message r) {
            if (authoritative()) {
                r.getHeader().setFlag(Flags.AA);
            }
            r.getHeader().setRcode(rcode());
            for (Record x : answer) {
                r.addRecord(x, Section.ANSWER);
            }
            for (Record x : authority) {
                r.addRecord(x, Section.AUTHORITY);
            }
            for (Record x : additional) {
                r.addRecord(x, Section.ADDITIONAL);
            }
        }

        public boolean authoritative() {
            return kind != Kind.REFERRAL;
        }
    }

    /** RFC 1034 leaves CNAME chains to the server's judgement; BIND follows 16 inside a zone. */
    static final int MAX_CNAME_IN_ZONE = 16;

    private final Name origin;
    private final SOARecord soa;
    private final Map<Name, Map<Integer, List<Record>>> data = new HashMap<>();
    /** Every owner name and every name between an owner and the origin (empty non-terminals). */
    private final Set<Name> existing = new HashSet<>();

    /** Builds a zone from its records; the apex must hold exactly one SOA and at least one NS. */
    public Zone(Name origin, List<Record> records) {
        this.origin = origin;
        SOARecord s = null;
        for (Record r : records) {
            if (!r.getName().subdomain(origin)) {
                throw new IllegalArgumentException(Dns.show(r.getName()) + " is outside zone " + Dns.show(origin));
            }
            if (r instanceof SOARecord x) {
                if (!r.getName().equals(origin)) {
                    throw new IllegalArgumentException("SOA at " + Dns.show(r.getName()) + ", not at the apex "
                            + Dns.show(origin));
                }
                if (s != null) {
                    throw new IllegalArgumentException("more than one SOA record");
                }
                s = x;
            }
            data.computeIfAbsent(r.getName(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getType(), k -> new ArrayList<>()).add(r);
            for (Name n = r.getName(); n.labels() >= origin.labels(); n = parent(n)) {
                if (!existing.add(n)) {
                    break;
                }
                if (n.labels() == origin.labels()) {
                    break;
                }
            }
        }
        if (s == null) {
            throw new IllegalArgumentException("no SOA record at the apex " + Dns.show(origin));
        }
        if (rrset(origin, Type.NS).isEmpty()) {
            throw new IllegalArgumentException("no NS records at the apex " + Dns.show(origin));
        }
        this.soa = s;
    }

    /** The most specific of {@code zones} holding {@code name} (the longest origin it is under), or null. */
    static Zone closest(List<Zone> zones, Name name) {
        Zone best = null;
        for (Zone z : zones) {
            if (name.subdomain(z.origin()) && (best == null || z.origin().labels() > best.origin().labels())) {
                best = z;
            }
        }
        return best;
    }

    static Name parent(Name n) {
        return new Name(n, 1);
    }

    public Name origin() {
        return origin;
    }

    public SOARecord soa() {
        return soa;
    }

    /** The records of one owner and type, empty when none. */
    public List<Record> rrset(Name owner, int type) {
        Map<Integer, List<Record>> m = data.get(owner);
        if (m == null) {
            return List.of();
        }
        List<Record> l = m.get(type);
        return l == null ? List.of() : l;
    }

    /** Every record of the zone, owner by owner. */
    public List<Record> records() {
        List<Record> all = new ArrayList<>();
        for (Map<Integer, List<Record>> m : data.values()) {
            for (List<Record> l : m.values()) {
                all.addAll(l);
            }
        }
        return all;
    }

    /** The NS names at the apex. */
    public List<Name> nameServers() {
        List<Name> l = new ArrayList<>();
        for (Record r : rrset(origin, Type.NS)) {
            l.add(r.getAdditionalName());
        }
        return l;
    }

    /** Answers {@code qname}/{@code qtype}, which must be at or below the origin. */
    public Result lookup(Name qname, int qtype) {
        List<Record> answer = new ArrayList<>();
        Name name = qname;
        for (int hops = 0; hops <= MAX_CNAME_IN_ZONE; hops++) {
            Result r = lookupOne(name, qtype, answer);
            if (r != null) {
                return r;
            }
            // lookupOne added a CNAME: RFC 1034 4.3.2 step 3a, restart at the target if it is ours.
            Name target = ((CNAMERecord) answer.get(answer.size() - 1)).getTarget();
            if (!target.subdomain(origin)) {
                return new Result(Kind.ANSWER, answer, List.of(), List.of());
            }
            name = target;
        }
        return new Result(Kind.ANSWER, answer, List.of(), List.of());
    }

    /** One step; null when a CNAME was appended to {@code answer} and the lookup should go on. */
    private Result lookupOne(Name qname, int qtype, List<Record> answer) {
        // Step 3b: a zone cut between the origin and qname means a referral.
        for (int labels = origin.labels() + 1; labels <= qname.labels(); labels++) {
            Name n = new Name(qname, qname.labels() - labels);
            List<Record> ns = rrset(n, Type.NS);
            if (!ns.isEmpty() && !(n.equals(qname) && qtype == Type.DS)) {
                if (!answer.isEmpty()) {
                    return new Result(Kind.ANSWER, answer, List.of(), List.of());
                }
                return new Result(Kind.REFERRAL, List.of(), ns, glue(ns));
            }
        }
        Name owner = qname;
        boolean wildcard = false;
        if (!existing.contains(qname)) {
            // RFC 4592 3.3.1: the source of synthesis is "*." + the closest encloser.
            Name ce = parent(qname);
            while (!existing.contains(ce) && ce.labels() > origin.labels()) {
                ce = parent(ce);
            }
            Name star = wildcardOf(ce);
            if (ce.labels() >= origin.labels() && data.containsKey(star)) {
                owner = star;
                wildcard = true;
            } else {
                if (!answer.isEmpty()) {
                    // RFC 6604: the rcode describes the last name in the chain.
                    return new Result(Kind.NXDOMAIN, answer, List.of(negativeSoa()), List.of());
                }
                return new Result(Kind.NXDOMAIN, List.of(), List.of(negativeSoa()), List.of());
            }
        }
        Map<Integer, List<Record>> sets = data.getOrDefault(owner, Map.of());
        List<Record> found = new ArrayList<>();
        if (qtype == Type.ANY) {
            for (List<Record> l : sets.values()) {
                found.addAll(l);
            }
        } else if (sets.containsKey(qtype)) {
            found.addAll(sets.get(qtype));
        } else if (qtype != Type.CNAME && sets.containsKey(Type.CNAME)) {
            Record c = sets.get(Type.CNAME).get(0);
            answer.add(wildcard ? c.withName(qname) : c);
            return null;
        }
        if (found.isEmpty()) {
            return new Result(Kind.NODATA, answer, List.of(negativeSoa()), List.of());
        }
        for (Record r : found) {
            answer.add(wildcard ? r.withName(qname) : r);
        }
        return new Result(Kind.ANSWER, answer, List.of(), additionalFor(found));
    }

    private static Name wildcardOf(Name ce) {
        try {
            return Name.concatenate(Name.fromConstantString("*"), ce);
        } catch (NameTooLongException e) {
            return ce;
        }
    }

    /** RFC 2308 3: the SOA in a negative answer carries min(SOA TTL, MINIMUM) as its TTL. */
    private Record negativeSoa() {
        return Dns.withTtl(soa, Dns.negativeTtl(soa));
    }

    /** Addresses of the name servers below a cut that this zone holds (glue, RFC 1034 4.2.1). */
    private List<Record> glue(List<Record> ns) {
        List<Record> l = new ArrayList<>();
        for (Record r : ns) {
            Name host = r.getAdditionalName();
            if (host != null && host.subdomain(origin)) {
                l.addAll(rrset(host, Type.A));
                l.addAll(rrset(host, Type.AAAA));
            }
        }
        return l;
    }

    /** RFC 1035 3.3.9/3.3.11: addresses of MX and NS targets we hold go in the additional section. */
    private List<Record> additionalFor(List<Record> found) {
        List<Record> l = new ArrayList<>();
        for (Record r : found) {
            if (r.getType() == Type.MX || r.getType() == Type.NS) {
                Name host = r.getAdditionalName();
                if (host != null && host.subdomain(origin)) {
                    l.addAll(rrset(host, Type.A));
                    l.addAll(rrset(host, Type.AAAA));
                }
            }
        }
        return l;
    }
}
