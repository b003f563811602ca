package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** RFC 1034 4.3.2 lookups in one zone. */
class ZoneTest {
    static Zone zone(String text) throws IOException {
        List<Record> l = new ArrayList<>();
        try (Master m = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Name.fromConstantString("example.com."), 3600)) {
            Record r;
            while ((r = m.nextRecord()) != null) {
                l.add(r);
            }
        }
        return new Zone(Name.fromConstantString("example.com."), l);
    }

    static final String TEXT = """
            @ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
            @ IN NS ns1
            @ IN MX 10 mail
            ns1 IN A 192.0.2.53
            mail IN A 192.0.2.25
            www 300 IN A 192.0.2.80
            alias IN CNAME www
            out IN CNAME www.example.org.
            *.wild IN A 192.0.2.99
            a.b.c IN A 192.0.2.1
            sub IN NS ns.sub
            ns.sub IN A 192.0.2.54
            """;

    static Name n(String s) {
        return Name.fromConstantString(s);
    }

    @Test
    void an_existing_record_is_an_authoritative_answer() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("www.example.com."), Type.A);
        assertThat(r.kind()).isEqualTo(Zone.Kind.ANSWER);
        assertThat(r.authoritative()).isTrue();
        assertThat(r.answer()).extracting(Record::rdataToString).containsExactly("192.0.2.80");
    }

    @Test
    void mx_answers_carry_the_exchange_address_as_additional_data() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("example.com."), Type.MX);
        assertThat(r.additional()).extracting(Record::rdataToString).containsExactly("192.0.2.25");
    }

    @Test
    void a_name_below_a_cut_is_a_referral_with_glue_and_no_aa() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("www.sub.example.com."), Type.A);
        assertThat(r.kind()).isEqualTo(Zone.Kind.REFERRAL);
        assertThat(r.authoritative()).isFalse();
        assertThat(r.authority()).extracting(Record::rdataToString).containsExactly("ns.sub.example.com.");
        assertThat(r.additional()).extracting(Record::rdataToString).containsExactly("192.0.2.54");
    }

    @Test
    void a_missing_name_is_nxdomain_with_the_soa_at_its_minimum_ttl() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("nosuch.example.com."), Type.A);
        assertThat(r.kind()).isEqualTo(Zone.Kind.NXDOMAIN);
        assertThat(r.authority()).hasSize(1);
        assertThat(r.authority().get(0).getType()).isEqualTo(Type.SOA);
        assertThat(r.authority().get(0).getTTL()).isEqualTo(300);
    }

    @Test
    void an_existing_name_without_the_type_is_nodata() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("www.example.com."), Type.AAAA);
        assertThat(r.kind()).isEqualTo(Zone.Kind.NODATA);
        assertThat(r.answer()).isEmpty();
    }

    @Test
    void an_empty_non_terminal_exists_and_is_nodata() throws Exception {
        assertThat(zone(TEXT).lookup(n("b.c.example.com."), Type.A).kind()).isEqualTo(Zone.Kind.NODATA);
    }

    @Test
    void a_cname_is_followed_inside_the_zone() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("alias.example.com."), Type.A);
        assertThat(r.answer()).extracting(Record::rdataToString).containsExactly("www.example.com.", "192.0.2.80");
    }

    @Test
    void a_cname_out_of_the_zone_is_returned_for_the_resolver_to_chase() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("out.example.com."), Type.A);
        assertThat(r.kind()).isEqualTo(Zone.Kind.ANSWER);
        assertThat(r.answer()).extracting(Record::rdataToString).containsExactly("www.example.org.");
    }

    @Test
    void a_wildcard_synthesises_the_asked_name() throws Exception {
        Zone.Result r = zone(TEXT).lookup(n("anything.wild.example.com."), Type.A);
        assertThat(r.answer()).hasSize(1);
        assertThat(r.answer().get(0).getName()).isEqualTo(n("anything.wild.example.com."));
        assertThat(r.answer().get(0).rdataToString()).isEqualTo("192.0.2.99");
    }

    @Test
    void a_zone_needs_its_soa_and_ns() {
        assertThatThrownBy(() -> zone("www IN A 192.0.2.1\n")).hasMessageContaining("no SOA");
        assertThatThrownBy(() -> zone("@ IN SOA ns1 h 1 2 3 4 5\n")).hasMessageContaining("no NS");
    }
}
