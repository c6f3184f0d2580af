/**
 * Optional: the admin API of a Wharf server, JSON over HTTP on a listener of its own, behind a
 * bearer token: sessions, bans, users and reload.
 */
module dev.wharf.admin {
    requires dev.wharf.server;
    requires jdk.httpserver;
    requires java.net.http; // AdminClient, which wharf admin uses
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.wharf.admin;
    // Jackson reads and writes the records of the JSON bodies by reflection.
    opens dev.wharf.admin to com.fasterxml.jackson.databind;
}
