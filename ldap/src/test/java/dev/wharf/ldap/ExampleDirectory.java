package dev.wharf.ldap;

/**
 * The example directory the tests' directories (in memory and slapd) hold: people under {@link
 * #PEOPLE}, and a service account that may search them.
 */
public final class ExampleDirectory {
    public static final String BASE = "dc=example,dc=org";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String SERVICE_DN = "cn=wharf," + BASE;
    public static final String SERVICE_PASSWORD = "service-secret";

    private ExampleDirectory() {}

    /**
     * The LDIF of a person under {@link #PEOPLE} (inetOrgPerson and posixAccount) with a password and
     * more attribute lines; its homeDirectory is its uid unless one is given.
     */
    public static String person(String uid, String password, String... attributes) {
        var ldif = new StringBuilder("dn: uid=" + LdapEscape.dnValue(uid) + "," + PEOPLE + "\n"
                + "objectClass: inetOrgPerson\nobjectClass: posixAccount\n"
                + "uid: " + uid + "\ncn: " + uid + "\nsn: " + uid + "\nuidNumber: 1000\ngidNumber: 1000\n"
                + "userPassword: " + password + "\n");
        boolean hasHome = false;
        for (String a : attributes) {
            ldif.append(a).append('\n');
            hasHome |= a.startsWith("homeDirectory:");
        }
        if (!hasHome) {
            ldif.append("homeDirectory: ").append(uid).append('\n'); // posixAccount requires one
        }
        return ldif.toString();
    }
}
