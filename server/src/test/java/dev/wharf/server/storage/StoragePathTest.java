package dev.wharf.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.server.fs.PathRefusedException;
import org.junit.jupiter.api.Test;

class StoragePathTest {
    @Test
    void pathsAreNamesFromTheRoot() throws PathRefusedException {
        assertThat(StoragePath.of("/")).isEqualTo(StoragePath.ROOT);
        assertThat(StoragePath.of("")).isEqualTo(StoragePath.ROOT);
        assertThat(StoragePath.of("/docs/a.txt").names()).containsExactly("docs", "a.txt");
        assertThat(StoragePath.of("docs//./a.txt/")).isEqualTo(StoragePath.of("/docs/a.txt"));
        assertThat(StoragePath.of("/docs/a.txt")).hasToString("/docs/a.txt");
        assertThat(StoragePath.ROOT).hasToString("/");
        assertThat(StoragePath.of("/...").name()).isEqualTo("...");
    }

    @Test
    void parentsNamesAndPrefixes() throws PathRefusedException {
        StoragePath a = StoragePath.of("/docs/a.txt");
        assertThat(a.name()).isEqualTo("a.txt");
        assertThat(a.parent()).isEqualTo(StoragePath.of("/docs"));
        assertThat(a.parent().parent()).isEqualTo(StoragePath.ROOT);
        assertThat(StoragePath.ROOT.parent()).isNull();
        assertThat(StoragePath.ROOT.name()).isEmpty();
        assertThat(a.startsWith(StoragePath.of("/docs"))).isTrue();
        assertThat(a.startsWith(StoragePath.ROOT)).isTrue();
        assertThat(StoragePath.of("/docs2").startsWith(StoragePath.of("/docs"))).isFalse();
        assertThat(StoragePath.of("/docs").resolve("b.txt")).isEqualTo(StoragePath.of("/docs/b.txt"));
    }

    @Test
    void dotDotIsRefusedNotResolved() {
        for (String climbing : new String[] {"..", "/../etc/passwd", "a/../../x", "/a/../b"}) {
            assertThatThrownBy(() -> StoragePath.of(climbing)).as(climbing)
                    .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.badName()).isFalse());
        }
    }

    @Test
    void aNameIsOneName() {
        for (String notOneName : new String[] {"", ".", "..", "a/b", "a\0b"}) {
            assertThatThrownBy(() -> StoragePath.ROOT.resolve(notOneName)).as(notOneName)
                    .isInstanceOf(PathRefusedException.class);
        }
        assertThatThrownBy(() -> StoragePath.of("/a\0b"))
                .isInstanceOfSatisfying(PathRefusedException.class, e -> assertThat(e.badName()).isTrue());
    }
}
