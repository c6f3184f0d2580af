/**
 * What the Wharf server and client share: FTP replies, commands and codecs, and the one TLS layer.
 * JDK only.
 */
module dev.wharf.protocol {
    exports dev.wharf.protocol;
    exports dev.wharf.protocol.tls;
}
