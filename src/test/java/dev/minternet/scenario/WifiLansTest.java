package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code lans:} entries with {@code wifi:}: what they read as, and their problems in one line each. */
class WifiLansTest {
    /** Nodes on lines 2-5; the lans section starts on line 6. */
    private static final String BASE = """
            name: t
            nodes:
              - {name: a, kind: host}
              - {name: b, kind: host}
              - {name: r, kind: router}
            lans:
            """;

    @Test
    void a_wifi_entry_reads_as_an_access_point_with_stations_named_wlan0_and_a_wired_uplink() throws Exception {
        Scenario s = ScenarioLoader.parse("ok.yaml", BASE + """
                  - wifi: home
                    rate: 24Mbps
                    ap-rate: 36Mbps
                    queue: 50
                    uplink: r 192.168.1.1/24
                    stations: [a 192.168.1.10/24, b 192.168.1.11/24 rate 6Mbps]
                """);
        Scenario.LanSpec l = s.lans().get(0);
        assertThat(l.name()).isEqualTo("home");
        assertThat(l.stp()).isFalse();
        assertThat(l.wifi()).isEqualTo(new Scenario.WifiSpec(36_000_000L, 50));
        assertThat(l.ports()).extracting(p -> p.end().node() + ":" + p.end().iface() + " " + p.rateBps() + " " + p.uplink())
                .containsExactly("r:eth0 0 true", "a:wlan0 24000000 false", "b:wlan0 6000000 false");
    }

    @Test
    void a_rate_must_be_an_802_11a_rate() {
        assertProblem(BASE + """
                  - wifi: home
                    rate: 11Mbps
                    stations: [a 192.168.1.10/24]
                """, 8, 11, "lans[0].rate", "11Mbps is not an 802.11a rate: use 6, 9, 12, 18, 24, 36, 48 or 54Mbps");
        assertProblem(BASE + """
                  - wifi: home
                    stations: [a 192.168.1.10/24 rate 100Mbps]
                """, 8, 16, "lans[0].stations[0]", "100Mbps is not an 802.11a rate");
    }

    @Test
    void stations_take_no_vlans_and_access_points_no_trunks() {
        assertProblem(BASE + """
                  - wifi: home
                    stations: [a 192.168.1.10/24 vlan 2]
                """, 8, 16, "lans[0].stations[0]", "unknown station option 'vlan'");
        assertProblem(BASE + """
                  - wifi: home
                    stations: [trunk sw1]
                """, 8, 16, "lans[0].stations[0]", "an access point has no trunks");
        assertProblem(BASE + """
                  - wifi: home
                    stations: [a 192.168.1.10/24]
                  - switch: sw1
                    stp: false
                    ports: [b 192.168.1.2/24, trunk home]
                """, 11, 31, "lans[1].ports[1]", "'home' is a Wi-Fi access point: a trunk joins two switches");
        assertProblem(BASE + """
                  - switch: sw1
                    stp: false
                    ports: [a 192.168.1.2/24 rate 54Mbps]
                """, 9, 13, "lans[0].ports[0]", "unknown port option 'rate'");
    }

    @Test
    void unknown_fields_missing_stations_and_taken_names() {
        assertProblem(BASE + """
                  - wifi: home
                    ssid: x
                    stations: [a 192.168.1.10/24]
                """, 8, 5, "lans[0].ssid", "unknown field 'ssid' (allowed: wifi, rate, ap-rate, queue, mtu, uplink,");
        assertProblem(BASE + """
                  - wifi: home
                    stations: []
                """, 8, 15, "lans[0].stations", "an access point needs at least one station");
        assertProblem(BASE + """
                  - wifi: a
                    stations: [b 192.168.1.10/24]
                """, 7, 11, "lans[0].wifi", "access point 'a' has the name of a node");
        assertProblem(BASE + """
                  - wifi: home
                    uplink: r 192.168.1.1/24 rate 54Mbps
                    stations: [a 192.168.1.10/24]
                """, 8, 13, "lans[0].uplink", "the uplink is a cable to the access point");
        assertProblem(BASE + """
                  - wifi: home
                    uplink: r 192.168.1.1/24
                    stations: [a 192.168.1.1/24]
                """, 9, 16, "lans[0].stations[0]", "address 192.168.1.1 is already used by r eth0");
    }

    @Test
    void fail_link_knows_the_stations_and_uplink_links_of_an_access_point() throws Exception {
        String ap = BASE + """
                  - wifi: home
                    uplink: r 192.168.1.1/24
                    stations: [a 192.168.1.10/24, b 192.168.1.11/24]
                timeline:
                """;
        Scenario s = ScenarioLoader.parse("ok.yaml", ap + """
                  - {at: 1s, fail-link: home:sta2}
                  - {at: 2s, fail-link: home:uplink}
                """);
        assertThat(s.timeline()).hasSize(2);
        assertProblem(ap + """
                  - {at: 1s, fail-link: home:sta3}
                """, 11, 25, "timeline[0].fail-link", "unknown link 'home:sta3'");
    }
}
