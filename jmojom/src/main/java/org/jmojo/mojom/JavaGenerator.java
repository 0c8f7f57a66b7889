package org.jmojo.mojom;

import java.io.IOException;
import java.nio.file.Path;
import org.jmojo.mojom.model.CompilationResult;
import org.jmojo.mojom.model.MojomFile;

/**
 * Writes Java source for resolved Mojom files: the extension point the {@code compile} command
 * calls after a compilation without errors.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (module path: {@code provides
 * org.jmojo.mojom.JavaGenerator with ...}; class path: {@code META-INF/services}). The
 * {@code compile} command uses the first one found and, when there is none, only checks the input.
 */
public interface JavaGenerator {

    /**
     * Generates Java for one requested file.
     *
     * @param file the file to generate for (its types may refer to imported files)
     * @param result the whole compilation, for looking up referenced definitions by full name
     * @param outputDirectory the root of the Java source tree to write into; package directories are
     *     created below it
     * @throws IOException if writing fails
     */
    void generate(MojomFile file, CompilationResult result, Path outputDirectory) throws IOException;
}
