package org.jmojo.mojom;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version {@code --version} prints for every jmojo command line: the project version the build
 * wrote into {@code version.properties} beside this class.
 */
public final class ToolVersion implements CommandLine.IVersionProvider {

    /** The project version, such as {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = load();

    /** Creates the provider (picocli instantiates it). */
    public ToolVersion() {}

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

    @Override
    public String[] getVersion() {
        return new String[] {"jmojo " + VERSION};
    }
}
