package dev.wharf.protocol;

/**
 * FTP reply codes by name. The section after each one says where it is defined; the reply
 * texts live with the commands that send them.
 */
public final class ReplyCode {
    private ReplyCode() {}

    // 1yz: positive preliminary (RFC 959 4.2)
    public static final int RESTART_MARKER = 110;
    public static final int SERVICE_READY_SOON = 120;
    public static final int DATA_ALREADY_OPEN = 125;
    public static final int OPENING_DATA = 150;

    // 2yz: positive completion
    public static final int COMMAND_OK = 200;
    public static final int COMMAND_SUPERFLUOUS = 202;
    public static final int SYSTEM_STATUS = 211;            // also FEAT (RFC 2389 3.2)
    public static final int DIRECTORY_STATUS = 212;
    public static final int FILE_STATUS = 213;
    public static final int HELP = 214;
    public static final int SYSTEM_TYPE = 215;
    public static final int SERVICE_READY = 220;
    public static final int CLOSING_CONTROL = 221;
    public static final int DATA_OPEN_NO_TRANSFER = 225;
    public static final int CLOSING_DATA = 226;
    public static final int ENTERING_PASSIVE = 227;
    public static final int ENTERING_EXTENDED_PASSIVE = 229; // RFC 2428 3
    public static final int LOGGED_IN = 230;
    public static final int SECURITY_DATA_EXCHANGE_COMPLETE = 234; // RFC 2228 AUTH
    public static final int FILE_ACTION_OK = 250;
    public static final int PATH_CREATED = 257;

    // 3yz: positive intermediate
    public static final int NEED_PASSWORD = 331;
    public static final int NEED_ACCOUNT = 332;
    public static final int PENDING_FURTHER_INFORMATION = 350;

    // 4yz: transient negative
    public static final int SERVICE_NOT_AVAILABLE = 421;
    public static final int CANT_OPEN_DATA = 425;
    public static final int TRANSFER_ABORTED = 426;
    public static final int FILE_UNAVAILABLE = 450;
    public static final int LOCAL_ERROR = 451;
    public static final int INSUFFICIENT_STORAGE = 452;

    // 5yz: permanent negative
    public static final int SYNTAX_ERROR = 500;
    public static final int SYNTAX_ERROR_IN_ARGUMENTS = 501;
    public static final int NOT_IMPLEMENTED = 502;
    public static final int BAD_SEQUENCE = 503;
    public static final int NOT_IMPLEMENTED_FOR_PARAMETER = 504;
    public static final int DATA_PROTECTION_REFUSED = 521;     // RFC 4217 9: not with this PROT setting
    public static final int EXTENDED_PORT_UNKNOWN_PROTOCOL = 522; // RFC 2428 2
    /** RFC 4217 10: the data connection's TLS negotiation failed or was unacceptable (same code). */
    public static final int DATA_TLS_REFUSED = 522;
    public static final int NOT_LOGGED_IN = 530;
    public static final int NEED_ACCOUNT_FOR_STORING = 532;
    public static final int COMMAND_PROTECTION_DENIED = 533;   // RFC 2228: CCC without TLS
    public static final int POLICY_REFUSED = 534;              // RFC 2228: request denied for policy reasons
    public static final int PROTECTION_LEVEL_NOT_SUPPORTED = 536; // RFC 2228 PROT S/E
    public static final int FILE_NOT_AVAILABLE = 550;
    public static final int PAGE_TYPE_UNKNOWN = 551;
    public static final int EXCEEDED_STORAGE = 552;
    public static final int FILE_NAME_NOT_ALLOWED = 553;

    /** RFC 959 4.2: the first digit says whether a reply is preliminary, final, positive or negative. */
    public static boolean isPositivePreliminary(int code) { return code / 100 == 1; }
    public static boolean isPositiveCompletion(int code) { return code / 100 == 2; }
    public static boolean isPositiveIntermediate(int code) { return code / 100 == 3; }
    public static boolean isNegative(int code) { return code >= 400; }
}
