package dev.minternet.browser;

import java.util.List;

/**
 * The narration's parts, in the order they tell a visit: the order of the details within a step
 * and of the rows of the waterfall. A new layer registers its part here with one line.
 */
final class NarrationParts {
    private NarrationParts() {
    }

    static final List<NarrationPart> ALL = List.of(
            new DnsNarration(),
            new TcpNarration(),
            new RouteNarration(),
            new TlsNarration(),
            new FetchNarration(),
            new GatewayNarration(),
            new LbNarration(),
            new MeshNarration(),
            new AppDbNarration(),
            new CacheNarration(),
            new CdnNarration(),
            new RerouteNarration());
}
