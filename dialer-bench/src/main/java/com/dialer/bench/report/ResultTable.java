package com.dialer.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario's figures: rows of named columns (numbers stay numbers in the JSON), printed as a
 * readable table, with notes that say how they were measured.
 */
public record ResultTable(String id, String title, List<String> columns, List<List<Object>> rows, List<String> notes) {

    public ResultTable {
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(id + ": a row has " + row.size() + " cells for " + columns.size() + " columns");
            }
        }
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
        notes = List.copyOf(notes);
    }

    public static Builder builder(String id, String title, String... columns) {
        return new Builder(id, title, List.of(columns));
    }

    /** The rows as column → value maps, the JSON shape. */
    public List<Map<String, Object>> rowMaps() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (List<Object> row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(i);
                m.put(columns.get(i), v instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : v);
            }
            maps.add(m);
        }
        return maps;
    }

    public void print(PrintStream out) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns);
        rows.forEach(r -> cells.add(r.stream().map(ResultTable::format).toList()));
        int[] width = new int[columns.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        out.println();
        out.println(title);
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < width.length; i++) {
                String cell = cells.get(r).get(i);
                // the first column names the row; figures line up on the right
                line.append(i == 0 ? pad(cell, width[i], false) : pad(cell, width[i], true)).append(i < width.length - 1 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                out.println("  " + "-".repeat(line.length() - 2));
            }
        }
        notes.forEach(n -> out.println("  * " + n));
    }

    /** The table in Markdown, for the README. */
    public String markdown() {
        StringBuilder md = new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
        columns.forEach(c -> md.append(" --- |"));
        md.append('\n');
        for (List<Object> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(ResultTable::format).toList())).append(" |\n");
        }
        return md.toString();
    }

    static String format(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return "-";
            }
            double a = Math.abs(d);
            if (a >= 1000) {
                return String.format("%,.0f", d);
            }
            if (a >= 100) {
                return String.format("%.0f", d);
            }
            if (a >= 10) {
                return String.format("%.1f", d);
            }
            return String.format("%.2f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format("%,d", ((Number) v).longValue());
        }
        return v.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    public static final class Builder {
        private final String id;
        private final String title;
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private Builder(String id, String title, List<String> columns) {
            this.id = id;
            this.title = title;
            this.columns = columns;
        }

        public Builder row(Object... cells) {
            rows.add(java.util.Arrays.asList(cells));
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public ResultTable build() {
            return new ResultTable(id, title, columns, rows, notes);
        }
    }
}
