/**
 * Optional: the admin API of a Wharf server, JSON over HTTP on a listener of its own, behind a
 * bearer token: sessions, bans, users and reload.
 */
module dev.wharf.admin {
    requires transitive dev.wharf.server; // its API takes and gives the server's types
    requires jdk.httpserver;
    requires java.net.http; // AdminClient, which wharf admin uses
    requires transitive com.fasterxml.jackson.databind; // AdminClient answers with JsonNode
    requires org.slf4j;

    exports dev.wharf.admin;
    // Jackson reads and writes the records of the JSON bodies by reflection.
    opens dev.wharf.admin to com.fasterxml.jackson.databind;
}
