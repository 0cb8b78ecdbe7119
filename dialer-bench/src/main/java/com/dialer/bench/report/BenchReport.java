package com.dialer.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Every table of one run, with the machine and the mode, as JSON and as text. */
public record BenchReport(String mode, Machine machine, double seconds, List<ResultTable> tables,
                          Map<String, Double> scenarioSeconds, Map<String, String> failures) {

    public void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode);
        json.put("machine", machine);
        json.put("seconds", Math.round(seconds * 10) / 10.0);
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (ResultTable t : tables) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("title", t.title());
            s.put("rows", t.rowMaps());
            s.put("notes", t.notes());
            scenarios.put(t.id(), s);
        }
        json.put("scenarios", scenarios);
        json.put("scenarioSeconds", scenarioSeconds);
        json.put("failures", failures);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    public void print(PrintStream out) {
        out.println();
        out.println("dialer bench (" + mode + "), " + String.format("%.0f s", seconds));
        out.println("machine: " + machine.summary());
        tables.forEach(t -> t.print(out));
        out.println();
        out.println("seconds per scenario: " + scenarioSeconds);
        failures.forEach((scenario, why) -> out.println("\n" + scenario + " FAILED: " + why));
    }

    /** Every table in Markdown, for README.md. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine.summary()).append("; mode ").append(mode).append(String.format(", %.0f s%n%n", seconds));
        for (ResultTable t : tables) {
            md.append("**").append(t.title()).append("**\n\n").append(t.markdown());
            t.notes().forEach(n -> md.append("\n- ").append(n));
            md.append("\n\n");
        }
        return md.toString();
    }
}
