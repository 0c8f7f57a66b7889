package org.jmojo.mojom.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code jmojom:generate}: compiles {@code src/main/mojom/**}{@code /*.mojom} into
 * {@code target/generated-sources/mojom}, adds that directory as a compile source root and ships
 * the {@code .mojom} files as resources at their import paths, so dependent projects can import
 * them from the class path.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractGenerateMojo {

    /** The root of the main {@code .mojom} files. */
    @Parameter(defaultValue = "${project.basedir}/src/main/mojom")
    File sourceDirectory;

    /** Where the generated Java goes. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/mojom")
    File outputDirectory;

    /** Whether the {@code .mojom} files are added to the jar as resources. */
    @Parameter(defaultValue = "true")
    boolean attachMojomResources = true;

    /** Creates the goal (Maven instantiates it). */
    public GenerateMojo() {}

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        super.execute();
        if (!skip && attachMojomResources && sourceDirectory.isDirectory()) {
            Resource resource = new Resource();
            resource.setDirectory(sourceDirectory.getPath());
            resource.setIncludes(List.of("**/*.mojom"));
            project.addResource(resource);
        }
    }

    @Override
    protected File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    protected File outputDirectory() {
        return outputDirectory;
    }

    @Override
    protected void addSourceRoot(String dir) {
        project.addCompileSourceRoot(dir);
    }
}
