package com.dialer.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Routes by path prefix, the longest first (as the JDK server's contexts did): {@code "/plivo/"}
 * takes everything below it, {@code "/health"} that path and anything it prefixes. A path no prefix
 * takes is answered 404 naming it.
 */
public final class Routes implements Route {
    private record Entry(String prefix, Route route) {
    }

    /** Replaced whole on each {@link #on}: a route may be added while the server already answers. */
    private volatile List<Entry> entries = List.of();

    public synchronized Routes on(String prefix, Route route) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(prefix, route));
        more.sort(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed());
        entries = List.copyOf(more);
        return this;
    }

    @Override
    public Reply handle(Request request) throws Exception {
        String path = request.path();
        for (Entry e : entries) {
            if (path.startsWith(e.prefix())) {
                return e.route().handle(request);
            }
        }
        return Reply.text(404, "not found: " + path + "\n");
    }
}
