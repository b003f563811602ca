package dev.minternet.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.WorldBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The web view's topology of worlds with switches and access points: their cables end at them. */
class TopologyJsonLansTest {

    @Test
    void switchesAndAccessPointsAreNodesAndTheirCablesEndThere() throws Exception {
        for (String example : new String[] {"examples/lan-switching.yaml", "examples/wifi.yaml"}) {
            Scenario s = ScenarioLoader.load(Path.of(example));
            World w = WorldBuilder.build(s);
            String json = TopologyJson.of(w, "", s);
            for (var sw : w.switches()) {
                assertThat(json).as(example).contains("{\"name\":\"" + sw.name() + "\",\"role\":\"switch\"");
            }
            for (var ap : w.accessPoints()) {
                assertThat(json).as(example).contains("{\"name\":\"" + ap.name() + "\",\"role\":\"access-point\"");
            }
            // every link's two ends are nodes of the map
            for (var l : w.links()) {
                assertThat(json).as(example).contains("\"a\":\"" + l.endA().nodeName() + "\",\"b\":\"" + l.endB().nodeName() + "\"");
                assertThat(json).contains("{\"name\":\"" + l.endA().nodeName() + "\",\"role\"")
                        .contains("{\"name\":\"" + l.endB().nodeName() + "\",\"role\"");
            }
        }
    }
}
