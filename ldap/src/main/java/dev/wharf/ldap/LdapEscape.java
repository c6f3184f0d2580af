package dev.wharf.ldap;

/**
 * The user name as it goes into a DN or a search filter, escaped so that it is only ever a value:
 * whatever a client sends as its name, it cannot change the DN it binds as or the filter it is
 * searched with (LDAP injection).
 */
public final class LdapEscape {
    private LdapEscape() {}

    /**
     * An attribute value of a DN, RFC 4514 2.4: {@code " + , ; < > \} and NUL escaped everywhere, a
     * leading space or {@code #} and a trailing space escaped too. {@code =} is escaped as well,
     * which 2.4 allows and some directories' parsers want.
     */
    public static String dnValue(String value) {
        var out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '+', ',', ';', '<', '>', '\\', '=' -> out.append('\\').append(c);
                case '\0' -> out.append("\\00");
                case ' ' -> out.append(i == 0 || i == value.length() - 1 ? "\\ " : " ");
                case '#' -> out.append(i == 0 ? "\\#" : "#");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * An assertion value of a search filter, RFC 4515 3: {@code * ( ) \} and NUL as a backslash and
     * two hex digits, so that a name is compared as it is, never as a wildcard or a nested filter.
     */
    public static String filterValue(String value) {
        var out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> out.append("\\2a");
                case '(' -> out.append("\\28");
                case ')' -> out.append("\\29");
                case '\\' -> out.append("\\5c");
                case '\0' -> out.append("\\00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
