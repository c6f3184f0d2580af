/** Optional JSON audit log of a Wharf server: one object per line for every event. */
module dev.wharf.audit {
    requires transitive dev.wharf.server; // its API takes and gives the server's types
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports dev.wharf.audit;
}
