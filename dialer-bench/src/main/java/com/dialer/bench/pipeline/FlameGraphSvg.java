package com.dialer.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flame graph as a standalone SVG from stacks in the collapsed format ({@code outer;...;leaf count}),
 * outermost frame at the bottom, widths in proportion to samples, a tooltip per frame; frames under
 * {@link #MIN_WIDTH} of the whole are left out. What Brendan Gregg's flamegraph.pl draws, without Perl.
 */
final class FlameGraphSvg {
    static final double WIDTH = 1800;
    static final int ROW = 16;
    static final double MIN_WIDTH = 0.0005;

    private static final class Node {
        final Map<String, Node> children = new TreeMap<>();
        long samples;
    }

    static String render(Map<String, Long> collapsed, String title) {
        Node root = new Node();
        int depth = 0;
        for (var e : collapsed.entrySet()) {
            String[] frames = e.getKey().split(";");
            depth = Math.max(depth, frames.length);
            Node node = root;
            node.samples += e.getValue();
            for (String frame : frames) {
                node = node.children.computeIfAbsent(frame, f -> new Node());
                node.samples += e.getValue();
            }
        }
        int height = (depth + 3) * ROW;
        StringBuilder svg = new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%d\" font-family=\"monospace\" font-size=\"11\">%n"
                        + "<text x=\"4\" y=\"13\">%s (%,d samples)</text>%n", WIDTH, height, escape(title), root.samples));
        List<Object[]> stack = new ArrayList<>();
        stack.add(new Object[] {root, 0.0, 0});
        while (!stack.isEmpty()) {
            Object[] item = stack.removeLast();
            Node node = (Node) item[0];
            double x = (double) item[1];
            int level = (int) item[2];
            for (var child : node.children.entrySet()) {
                double w = WIDTH * child.getValue().samples / Math.max(1, root.samples);
                if (child.getValue().samples >= MIN_WIDTH * root.samples) {
                    int y = height - (level + 1) * ROW;
                    String name = child.getKey();
                    int hue = Math.floorMod(name.hashCode(), 40);
                    svg.append(String.format("<g><title>%s (%,d samples, %.2f%%)</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                                    + "height=\"%d\" fill=\"hsl(%d,80%%,60%%)\" stroke=\"white\" stroke-width=\"0.5\"/>",
                            escape(name), child.getValue().samples, 100.0 * child.getValue().samples / root.samples, x, y, w, ROW - 1,
                            10 + hue));
                    int chars = (int) (w / 6.6);
                    if (chars >= 4) {
                        String label = name.length() > chars ? name.substring(0, chars - 2) + ".." : name;
                        svg.append(String.format("<text x=\"%.1f\" y=\"%d\">%s</text>", x + 2, y + ROW - 4, escape(label)));
                    }
                    svg.append("</g>\n");
                    stack.add(new Object[] {child.getValue(), x, level + 1});
                }
                x += w;
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
