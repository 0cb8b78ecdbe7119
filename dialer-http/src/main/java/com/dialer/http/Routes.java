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

    private final List<Entry> entries = new ArrayList<>();

    public Routes on(String prefix, Route route) {
        entries.add(new Entry(prefix, route));
        entries.sort(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed());
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
