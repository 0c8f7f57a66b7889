package org.jmojo.conformance.generated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jmojo.bindings.runtime.ValueCodec;
import org.jmojo.conformance.ChromiumData;
import org.jmojo.conformance.GoldenCases;

/** Access to the golden corpus ({@link ChromiumData}) for the generated-code tests. */
final class Golden {

    private Golden() {}

    static Path dir() {
        return ChromiumData.dir().resolve("golden");
    }

    /** The case names ({@code 014-kitchen}) in name order. */
    static List<String> caseNames() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hex"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GoldenCases.HexFile hex(String caseName) {
        try {
            return GoldenCases.HexFile.parse(Files.readString(dir().resolve(caseName + ".hex")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code type} of a case's JSON file, e.g. {@code Kitchen} or {@code Calc.Add request}. */
    static String type(String caseName) {
        try {
            String json = Files.readString(dir().resolve(caseName + ".json"));
            int key = json.indexOf("\"type\"");
            int start = json.indexOf('"', json.indexOf(':', key)) + 1;
            return json.substring(start, json.indexOf('"', start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MemorySegment bytes(String caseName) {
        return MemorySegment.ofArray(hex(caseName).bytes());
    }

    /** One {@link LabelHandle} per label of the case's handle list. */
    static List<Object> handles(String caseName) {
        List<Object> out = new ArrayList<>();
        for (String label : hex(caseName).handles()) {
            out.add(new LabelHandle(label));
        }
        return out;
    }

    /** The labels of attached objects, unwrapping remotes. */
    static List<String> labels(List<Object> attached) {
        return attached.stream().map(o -> o instanceof ValueCodec.RemoteValue r ? r.endpoint() : o)
                .map(o -> ((LabelHandle) o).label()).toList();
    }
}
