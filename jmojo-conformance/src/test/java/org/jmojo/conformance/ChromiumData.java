package org.jmojo.conformance;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The conformance data kept in this module's test resources ({@code src/test/resources/chromium}:
 * Chromium's validation cases, the golden encodings and the {@code .mojom} files they use; see the
 * README there). Tests read this copy only, so a clone of the repository is all they need.
 */
public final class ChromiumData {
    private ChromiumData() {}

    /** The {@code chromium} directory on the test class path; fails (never skips) when absent. */
    public static Path dir() {
        URL url = ChromiumData.class.getResource("/chromium");
        if (url == null) {
            throw new IllegalStateException("test resource directory 'chromium' is missing from the class path"
                    + " (expected jmojo-conformance/src/test/resources/chromium)");
        }
        try {
            Path dir = Path.of(url.toURI());
            if (!Files.isDirectory(dir.resolve("validation")) || !Files.isDirectory(dir.resolve("golden"))) {
                throw new IllegalStateException(dir + " lacks validation/ or golden/");
            }
            return dir;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }
}
