/** Optional LDAP user store of a Wharf server, over the JDK's own LDAP client (JNDI). */
module dev.wharf.ldap {
    requires transitive dev.wharf.server; // its API takes and gives the server's types
    requires java.naming;
    requires org.slf4j;

    exports dev.wharf.ldap;
}
