package org.jmojo.conformance;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jmojo.bindings.ValidationException;
import org.jmojo.bindings.runtime.InterfaceSchema;
import org.jmojo.bindings.runtime.MessageHeader;
import org.jmojo.bindings.runtime.Validator;

/**
 * Chromium-style validation cases: {@code NAME.data} + {@code NAME.expected} (chromium/README.md in
 * this module's test resources: "The .data format", "How a validation case is run"). The interface
 * and the direction come from the name's prefix; {@code integration_msghdr_} cases run once on each
 * side.
 */
public final class ValidationCases {

    /** Which validator chain runs a case. */
    public enum Direction {
        /** Header validator, then the interface's request validator (a bound receiver). */
        REQUEST,
        /** Header validator, then the interface's response validator (a bound remote). */
        RESPONSE
    }

    /** A prefix rule (chromium/README.md, "How a validation case is run"). */
    public record Chain(String interfaceName, Direction direction) {}

    private ValidationCases() {}

    /**
     * The chains for a case name (empty if no prefix matches). Plain string prefixes, longest
     * specific first, so {@code conformance_} does not match {@code resp_conformance_}.
     */
    public static List<Chain> chainsFor(String name) {
        if (name.startsWith("conformance_")) {
            return List.of(new Chain("ConformanceTestInterface", Direction.REQUEST));
        }
        if (name.startsWith("associated_conformance_")) {
            return List.of(new Chain("AssociatedConformanceTestInterface", Direction.REQUEST));
        }
        if (name.startsWith("boundscheck_")) {
            return List.of(new Chain("BoundsCheckTestInterface", Direction.REQUEST));
        }
        if (name.startsWith("resp_conformance_")) {
            return List.of(new Chain("ConformanceTestInterface", Direction.RESPONSE));
        }
        if (name.startsWith("resp_boundscheck_")) {
            return List.of(new Chain("BoundsCheckTestInterface", Direction.RESPONSE));
        }
        if (name.startsWith("integration_intf_resp")) {
            return List.of(new Chain("IntegrationTestInterface", Direction.RESPONSE));
        }
        if (name.startsWith("integration_intf_rqst")) {
            return List.of(new Chain("IntegrationTestInterface", Direction.REQUEST));
        }
        if (name.startsWith("integration_msghdr")) {
            return List.of(new Chain("IntegrationTestInterface", Direction.REQUEST),
                    new Chain("IntegrationTestInterface", Direction.RESPONSE));
        }
        return List.of();
    }

    /**
     * Runs header validation and then the chain's validator on a parsed message.
     *
     * @return {@code PASS} or the first error's name
     */
    public static String validate(DataFile data, InterfaceSchema iface, Direction direction) {
        MemorySegment message = MemorySegment.ofArray(data.bytes());
        try {
            MessageHeader header = Validator.validateHeader(message);
            if (direction == Direction.REQUEST) {
                Validator.validateRequest(message, header, data.handleCount(), iface);
            } else {
                Validator.validateResponse(message, header, data.handleCount(), iface);
            }
            return "PASS";
        } catch (ValidationException e) {
            return e.error().name();
        }
    }

    /** Reads an {@code .expected} file: CRs deleted, trailing LFs stripped. */
    public static String readExpected(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r", "");
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    /** The validation cases of {@code dir}, sorted by name. */
    public static List<ConformanceCase> discover(Path dir, SchemaResolver schemas) throws IOException {
        List<ConformanceCase> cases = new ArrayList<>();
        List<Path> dataFiles;
        try (var stream = Files.list(dir)) {
            dataFiles = stream.filter(p -> p.getFileName().toString().endsWith(".data")).sorted().toList();
        }
        for (Path data : dataFiles) {
            String file = data.getFileName().toString();
            String name = file.substring(0, file.length() - ".data".length());
            Path expectedFile = dir.resolve(name + ".expected");
            String expected;
            try {
                expected = readExpected(expectedFile);
            } catch (IOException e) {
                String reason = "unreadable " + expectedFile.getFileName() + ": " + e;
                cases.add(new ConformanceCase(name, "?", () -> new CaseResult(name, reason, "?", false)));
                continue;
            }
            List<Chain> chains = chainsFor(name);
            if (chains.isEmpty()) {
                cases.add(new ConformanceCase(name, expected, () -> new CaseResult(name,
                        "no validator chain for this name prefix", expected, false)));
                continue;
            }
            for (Chain chain : chains) {
                String caseName = chains.size() == 1 ? name
                        : name + " [" + chain.direction().name().toLowerCase(java.util.Locale.ROOT) + "]";
                cases.add(new ConformanceCase(caseName, expected,
                        () -> runOne(caseName, data, expected, chain, schemas)));
            }
        }
        return cases;
    }

    private static CaseResult runOne(String name, Path data, String expected, Chain chain, SchemaResolver schemas) {
        DataFile parsed;
        try {
            parsed = DataFile.parse(Files.readString(data, StandardCharsets.UTF_8));
        } catch (DataFileException | IOException e) {
            return new CaseResult(name, "broken case file: " + e.getMessage(), expected, false);
        }
        Optional<InterfaceSchema> iface = schemas.iface(chain.interfaceName());
        if (iface.isEmpty()) {
            return new CaseResult(name, "interface " + chain.interfaceName() + " is not defined by the .mojom files",
                    expected, false);
        }
        String got = validate(parsed, iface.get(), chain.direction());
        return new CaseResult(name, got, expected, got.equals(expected));
    }
}
