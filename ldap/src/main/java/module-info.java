/** Optional LDAP user store of a Wharf server, over the JDK's own LDAP client (JNDI). */
module dev.wharf.ldap {
    requires dev.wharf.server;
    requires java.naming;
    requires org.slf4j;

    exports dev.wharf.ldap;
}
