/** The Wharf FTPS client library (MS-FTPS client role over RFC 4217). */
module dev.wharf.client {
    requires transitive dev.wharf.protocol;
    requires org.slf4j;
    requires java.naming; // LDAP names in certificate subjects (CertificateChecks)

    exports dev.wharf.client;
}
