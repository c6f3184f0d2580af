package dev.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MlsxEntryTest {

    @Test
    void parsesFactsAndAName() {
        var e = MlsxEntry.parse("Type=file;Size=1024;Modify=20240102030405.5;Perm=rw; my file;v2.txt");
        assertThat(e.name()).isEqualTo("my file;v2.txt");
        assertThat(e.type()).isEqualTo("file");
        assertThat(e.size()).hasValue(1024);
        assertThat(e.modified()).contains(Instant.parse("2024-01-02T03:04:05.500Z"));
        assertThat(e.permissions()).isEqualTo("rw");
        assertThat(e.isDirectory()).isFalse();
    }

    @Test
    void recognizesDirectoriesLinksAndTheListedDirectoryItself() {
        assertThat(MlsxEntry.parse("type=dir;modify=20240101000000; sub").isDirectory()).isTrue();
        assertThat(MlsxEntry.parse("type=cdir; .").isSelfOrParent()).isTrue();
        assertThat(MlsxEntry.parse("type=pdir; ..").isSelfOrParent()).isTrue();
        assertThat(MlsxEntry.parse("type=OS.unix=slink:/target;size=7; link").isSymbolicLink()).isTrue();
    }

    @Test
    void anEntryWithoutFactsStillHasAName() {
        var e = MlsxEntry.parse(" lonely");
        assertThat(e.facts()).isEmpty();
        assertThat(e.name()).isEqualTo("lonely");
        assertThat(e.size()).isEmpty();
    }

    @Test
    void formatsWhatItParses() {
        String line = "type=file;size=3;modify=20240101000000; a b";
        assertThat(MlsxEntry.parse(line).format()).isEqualTo(line);
    }

    @Test
    void refusesLinesWithoutASpaceOrWithBrokenFacts() {
        assertThatThrownBy(() -> MlsxEntry.parse("type=file;size=3;")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MlsxEntry.parse("type;size=3; x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ignoresAMalformedModifyFact() {
        assertThat(MlsxEntry.parse("modify=yesterday; x").modified()).isEmpty();
    }
}
