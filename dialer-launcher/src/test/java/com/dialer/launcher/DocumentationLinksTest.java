package com.dialer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A newcomer follows the docs' links and names: none may point at a file the repository lacks. */
class DocumentationLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void everyRelativeLinkOfAMarkdownFileResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : markdownFiles()) {
            Matcher link = LINK.matcher(Files.readString(doc));
            while (link.find()) {
                String target = link.group(1);
                if (!target.contains("://") && !target.startsWith("mailto:") && !Files.exists(doc.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }

        assertThat(broken).isEmpty();
    }

    @Test
    void theDesignEveryModuleCitesIsInTheRepository() throws IOException {
        assertThat(ROOT.resolve("docs/DESIGN.md")).isRegularFile();
        List<String> bareCitations = new ArrayList<>();
        for (Path doc : markdownFiles()) {
            Files.readAllLines(doc).stream()
                    .filter(line -> line.matches(".*(?<![/\\w])DESIGN\\.md.*"))
                    .forEach(line -> bareCitations.add(ROOT.relativize(doc) + ": " + line.strip()));
        }

        assertThat(bareCitations).as("DESIGN.md cited without its path docs/").isEmpty();
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> Stream.of("target", ".git", ".dialer", "node_modules")
                            .noneMatch(skip -> ROOT.relativize(f).toString().startsWith(skip + "/") || f.toString().contains("/" + skip + "/")))
                    .toList();
        }
    }
}
