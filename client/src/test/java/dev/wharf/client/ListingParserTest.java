package dev.wharf.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingParserTest {
    private static final LocalDate TODAY = LocalDate.of(2024, 3, 10);

    @Test
    void parsesVsftpdAndProftpdUnixLines() {
        var files = ListingParser.parseList(List.of(
                "-rw-r--r--    1 1001     1001      1048576 Nov 22 03:45 1M.bin",
                "drwxr-xr-x    2 wharftest wharftest     4096 Jan  5  2023 dir with space",
                "lrwxrwxrwx    1 root     root            7 Mar  9 12:00 link -> target",
                "-rw-r--r--    1 owner       42 Mar 10 08:15 no-group.txt",
                "total 12"), "/pub", TODAY);
        assertThat(files).extracting(RemoteFile::name)
                .containsExactly("1M.bin", "dir with space", "link", "no-group.txt");
        RemoteFile big = files.get(0);
        assertThat(big.size()).isEqualTo(1048576);
        assertThat(big.isFile()).isTrue();
        assertThat(big.path()).isEqualTo("/pub/1M.bin");
        // "Nov 22" with a time and today in March: last year's November (ls shows the time for six months).
        assertThat(big.modified()).isEqualTo(Instant.parse("2023-11-22T03:45:00Z"));
        assertThat(big.modifiedExact()).isFalse();
        assertThat(files.get(1).isDirectory()).isTrue();
        assertThat(files.get(1).modified()).isEqualTo(Instant.parse("2023-01-05T00:00:00Z"));
        assertThat(files.get(2).type()).isEqualTo(RemoteFile.Type.SYMBOLIC_LINK);
        assertThat(files.get(2).linkTarget()).isEqualTo("target");
        assertThat(files.get(3).size()).isEqualTo(42);
    }

    @Test
    void parsesIisDosLines() {
        var files = ListingParser.parseList(List.of(
                "11-22-24  03:45PM       <DIR>          Reports 2024",
                "02-29-2024  11:05AM             1048576 data.bin",
                "01-01-99  12:00AM                   0 old.txt"), "", TODAY);
        assertThat(files).extracting(RemoteFile::name).containsExactly("Reports 2024", "data.bin", "old.txt");
        assertThat(files.get(0).isDirectory()).isTrue();
        assertThat(files.get(0).modified()).isEqualTo(Instant.parse("2024-11-22T15:45:00Z"));
        assertThat(files.get(1).size()).isEqualTo(1048576);
        assertThat(files.get(1).modified()).isEqualTo(Instant.parse("2024-02-29T11:05:00Z"));
        assertThat(files.get(2).modified()).isEqualTo(Instant.parse("1999-01-01T00:00:00Z"));
        assertThat(files.get(2).path()).isEqualTo("old.txt");
    }

    @Test
    void skipsDotEntriesAndLinesItCannotRead() {
        var files = ListingParser.parseList(List.of(
                "drwxr-xr-x 2 u g 4096 Mar  1 10:00 .",
                "drwxr-xr-x 2 u g 4096 Mar  1 10:00 ..",
                "something else entirely"), "/", TODAY);
        assertThat(files).isEmpty();
    }

    @Test
    void parsesMlsdWithoutTheDirectoryItself() {
        var files = ListingParser.parseMlsd(List.of(
                "type=cdir;modify=20240101000000; .",
                "type=pdir;modify=20240101000000; ..",
                "type=file;size=3;modify=20240102030405; a.txt",
                "type=dir;modify=20240102030405; sub",
                "type=OS.unix=slink:/etc/hosts;size=10; hosts"), "/data");
        assertThat(files).extracting(RemoteFile::name).containsExactly("a.txt", "sub", "hosts");
        assertThat(files.get(0).modified()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(files.get(0).modifiedExact()).isTrue();
        assertThat(files.get(0).path()).isEqualTo("/data/a.txt");
        assertThat(files.get(1).isDirectory()).isTrue();
        assertThat(files.get(2).linkTarget()).isEqualTo("/etc/hosts");
    }

    @Test
    void splitsCrlfAndLfAndFallsBackToLatin1() {
        byte[] listing = "one\r\ntwo\nd\u00e9j\u00e0\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ListingParser.lines(listing)).containsExactly("one", "two", "d\u00e9j\u00e0");
        byte[] latin1 = "caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ListingParser.lines(latin1)).containsExactly("caf\u00e9");
    }
}
