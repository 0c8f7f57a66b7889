package org.jmojo.mojom.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code jmojom:test-generate}: compiles {@code src/test/mojom/**}{@code /*.mojom} into
 * {@code target/generated-test-sources/mojom} and adds it as a test source root. The main
 * {@code .mojom} directory is an import root, so test files can import main ones.
 */
@Mojo(name = "test-generate", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public final class TestGenerateMojo extends AbstractGenerateMojo {

    /** The root of the test {@code .mojom} files. */
    @Parameter(defaultValue = "${project.basedir}/src/test/mojom")
    File sourceDirectory;

    /** The main {@code .mojom} root, searched for imports after the test root. */
    @Parameter(defaultValue = "${project.basedir}/src/main/mojom")
    File mainSourceDirectory;

    /** Where the generated Java goes. */
    @Parameter(defaultValue = "${project.build.directory}/generated-test-sources/mojom")
    File outputDirectory;

    /** Creates the goal (Maven instantiates it). */
    public TestGenerateMojo() {}

    @Override
    protected File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    protected File outputDirectory() {
        return outputDirectory;
    }

    @Override
    protected List<File> defaultImportPaths() {
        return mainSourceDirectory == null ? List.of() : List.of(mainSourceDirectory);
    }

    @Override
    protected void addSourceRoot(String dir) {
        project.addTestCompileSourceRoot(dir);
    }
}
