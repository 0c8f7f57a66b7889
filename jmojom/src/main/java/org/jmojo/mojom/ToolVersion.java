package org.jmojo.mojom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version {@code --version} prints for every jmojo command line: the project version the build
 * wrote into {@code version.properties} beside this class.
 */
public final class ToolVersion {

    /** The project version, such as {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = load();

    /** What {@code --version} prints: {@code jmojo} and the version. */
    public static final String LINE = "jmojo " + VERSION;

    private ToolVersion() {}

    private static String load() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing beside " + ToolVersion.class.getName()
                        + ": the jar was not built by this project's Maven build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
