package dev.wharf.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.protocol.testing.TestFiles;
import dev.wharf.server.support.ExternalPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves wharf-junit from outside: builds {@code examples/commons-net-upload}, a Maven project that
 * knows Wharf only by its published coordinates, against the artifacts this build has just packaged,
 * and checks that its tests ran and passed. Failsafe runs it after {@code package}, when this
 * module's jar exists.
 *
 * <p>The artifacts go into a local repository of their own under {@code target/}, chained in front of
 * the build's local repository ({@code maven.repo.local.tail}, read-only): the example finds Commons
 * Net, JUnit and its plugins where this build found them, and nothing of Wharf lands in the shared
 * local repository. Everything else it needs this build has already fetched, so it needs no network.
 */
class ExampleProjectIT {
    /** A cold Maven start, a compile and a forked test JVM on a busy machine; only a hang reaches it. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);
    private static final List<String> PUBLISHED_MODULES = List.of("protocol", "server", "client", "junit");

    private final String version = System.getProperty("wharf.version");
    private final Path root = Path.of(System.getProperty("wharf.root"));

    @Test
    void theCommonsNetUploadExampleBuildsAndPassesAgainstThePublishedArtifacts() throws Exception {
        Path work = root.resolve("junit/target/example-it");
        if (Files.exists(work)) {
            TestFiles.deleteTree(work);
        }
        Path repository = publish(work.resolve("repository"));
        Path project = copy(root.resolve("examples/commons-net-upload"), work.resolve("commons-net-upload"));

        List<String> command = new ArrayList<>(List.of(
                "env", "JAVA_HOME=" + System.getProperty("java.home"),
                root.resolve("mvnw").toString(), "-B", "--no-transfer-progress",
                "-f", project.resolve("pom.xml").toString(),
                "-Dwharf.version=" + version,
                "-Dmaven.repo.local=" + repository,
                "-Dmaven.repo.local.tail=" + System.getProperty("wharf.localRepository"),
                "verify"));
        ExternalPeer.run(project, command, BUILD_TIMEOUT).assertOk();

        Path report = project.resolve("target/surefire-reports/TEST-com.example.reports.ReportUploaderTest.xml");
        assertThat(report).exists();
        assertThat(Files.readString(report)).contains("tests=\"2\"", "errors=\"0\"", "skipped=\"0\"", "failures=\"0\"");
    }

    /** This build's poms and jars in the layout of a Maven repository, as {@code install} would leave them. */
    private Path publish(Path repository) throws IOException {
        place(root.resolve("pom.xml"), repository, "wharf-parent", "pom");
        for (String module : PUBLISHED_MODULES) {
            String artifact = "wharf-" + module;
            place(root.resolve(module).resolve("pom.xml"), repository, artifact, "pom");
            Path jar = root.resolve(module).resolve("target").resolve(artifact + "-" + version + ".jar");
            assertThat(jar).as("packaged by this build").exists();
            place(jar, repository, artifact, "jar");
        }
        return repository;
    }

    private void place(Path file, Path repository, String artifact, String extension) throws IOException {
        Path folder = Files.createDirectories(repository.resolve("dev/wharf").resolve(artifact).resolve(version));
        Files.copy(file, folder.resolve(artifact + "-" + version + "." + extension), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The example's sources only, so that a build of it left in the source tree cannot get in. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }
}
