/** Optional JSON audit log of a Wharf server: one object per line for every event. */
module dev.wharf.audit {
    requires dev.wharf.server;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports dev.wharf.audit;
}
