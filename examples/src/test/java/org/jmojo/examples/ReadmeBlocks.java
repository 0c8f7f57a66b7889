package org.jmojo.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the code blocks of README.md and the marked regions of sources they must equal. */
final class ReadmeBlocks {
    static final Path README = Path.of("../README.md");

    private ReadmeBlocks() {}

    /** The lines strictly between the lines {@code begin} and {@code end} of {@code source}, common indentation removed. */
    static List<String> markedRegion(Path source, String begin, String end) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int from = indexOfTrimmed(lines, begin, 0, source);
        int to = indexOfTrimmed(lines, end, from, source);
        List<String> region = lines.subList(from + 1, to);
        int indent = region.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : region) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return out;
    }

    /** The first block opened by {@code fence} (such as {@code ```java}) after the line {@code heading} of README.md. */
    static List<String> block(String heading, String fence) throws IOException {
        return block(heading, fence, 0);
    }

    /** The block opened by {@code fence} after the line {@code heading} of README.md that has {@code skip} such blocks before it. */
    static List<String> block(String heading, String fence, int skip) throws IOException {
        List<String> lines = Files.readAllLines(README);
        int open = indexOfTrimmed(lines, heading, 0, README);
        int close = open;
        for (int i = 0; i <= skip; i++) {
            open = indexOfTrimmed(lines, fence, close, README);
            close = indexOfTrimmed(lines, "```", open + 1, README);
        }
        return lines.subList(open + 1, close);
    }

    private static int indexOfTrimmed(List<String> lines, String wanted, int from, Path file) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(wanted)) {
                return i;
            }
        }
        throw new AssertionError(file + " has no line '" + wanted + "' after line " + (from + 1));
    }
}
