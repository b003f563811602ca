package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsCacheTest {
    static final Name WWW = Name.fromConstantString("www.example.com.");
    static final Name ALIAS = Name.fromConstantString("alias.example.com.");
    static final SOARecord SOA = new SOARecord(Name.fromConstantString("example.com."), DClass.IN, 3600,
            Name.fromConstantString("ns1.example.com."), Name.fromConstantString("h.example.com."), 1, 2, 3, 4, 60);

    @Test
    void an_rrset_lives_for_its_ttl_and_comes_back_with_the_remaining_ttl() {
        DnsCache c = new DnsCache();
        c.put(List.of(Dns.aRecord(WWW, 300, 0x0a000001)), 0);
        DnsCache.Hit h = c.lookup(WWW, Type.A, 100 * Durations.S);
        assertThat(h.kind()).isEqualTo(DnsCache.Kind.POSITIVE);
        assertThat(h.records().get(0).getTTL()).isEqualTo(200);
        assertThat(c.lookup(WWW, Type.A, 300 * Durations.S)).isNull();
        assertThat(c.hits()).isEqualTo(1);
        assertThat(c.misses()).isEqualTo(1);
    }

    @Test
    void nxdomain_covers_every_type_for_the_soa_minimum() {
        DnsCache c = new DnsCache();
        c.putNegative(WWW, Type.A, true, SOA, 0);
        assertThat(c.lookup(WWW, Type.MX, 59 * Durations.S).kind()).isEqualTo(DnsCache.Kind.NXDOMAIN);
        assertThat(c.lookup(WWW, Type.A, 59 * Durations.S).soa().getTTL()).isEqualTo(1);
        assertThat(c.lookup(WWW, Type.A, 60 * Durations.S)).isNull();
    }

    @Test
    void nodata_covers_only_its_type() {
        DnsCache c = new DnsCache();
        c.putNegative(WWW, Type.AAAA, false, SOA, 0);
        assertThat(c.lookup(WWW, Type.AAAA, 0).kind()).isEqualTo(DnsCache.Kind.NODATA);
        assertThat(c.lookup(WWW, Type.A, 0)).isNull();
    }

    @Test
    void a_negative_answer_without_soa_is_not_cached() {
        DnsCache c = new DnsCache();
        c.putNegative(WWW, Type.A, true, null, 0);
        assertThat(c.lookup(WWW, Type.A, 0)).isNull();
    }

    @Test
    void cname_chains_are_followed_inside_the_cache() {
        DnsCache c = new DnsCache();
        c.put(List.of(new CNAMERecord(ALIAS, DClass.IN, 600, WWW)), 0);
        assertThat(c.lookup(ALIAS, Type.A, 0)).isNull();
        c.put(List.<Record>of(Dns.aRecord(WWW, 300, 0x0a000001)), 0);
        DnsCache.Hit h = c.lookup(ALIAS, Type.A, 0);
        assertThat(h.records()).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
    }

    @Test
    void a_truncated_response_is_not_cached() {
        DnsCache c = new DnsCache();
        Message m = DnsClient.newQuery(WWW, Type.A, true, false);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.TC);
        m.addRecord(Dns.aRecord(WWW, 300, 0x0a000001), Section.ANSWER);
        c.putResponse(m, 0);
        assertThat(c.size()).isZero();
        m.getHeader().unsetFlag(Flags.TC);
        c.putResponse(m, 0);
        assertThat(c.lookup(WWW, Type.A, 0)).isNotNull();
    }
}
