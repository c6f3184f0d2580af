/**
 * A JUnit 5 extension that runs an in-process Wharf FTPS server for the tests of code that speaks
 * FTPS, and the handle that tells a test how to reach and trust it.
 */
@SuppressWarnings("requires-automatic") // Jimfs has only an Automatic-Module-Name
module dev.wharf.junit {
    requires transitive dev.wharf.server;
    requires transitive dev.wharf.client;
    requires transitive org.junit.jupiter.api;
    requires static com.google.common.jimfs; // only for inMemoryFileSystem()

    exports dev.wharf.junit;
}
