package dev.wharf.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.Test;

class LdapEscapeTest {
    @Test
    void dnValuesStayOneValue() throws Exception {
        for (String name : new String[] {"a,dc=x", "a+cn=b", " lead", "trail ", "#hash", "q\"uote", "back\\slash", "<>;", "nul\0"}) {
            var dn = new LdapName("uid=" + LdapEscape.dnValue(name) + ",ou=people,dc=example,dc=org");
            assertThat(dn.size()).as(name).isEqualTo(4);
            assertThat(dn.getRdn(3).getType()).isEqualTo("uid");
            assertThat(dn.getRdn(3).getValue()).as(name).isEqualTo(name.equals("nul\0") ? "nul\0" : name);
        }
        assertThat(LdapEscape.dnValue("a,dc=x")).isEqualTo("a\\,dc\\=x");
        assertThat(Rdn.unescapeValue(LdapEscape.dnValue(" a b "))).isEqualTo(" a b ");
    }

    @Test
    void filterValuesCannotBeWildcardsOrFilters() {
        assertThat(LdapEscape.filterValue("*")).isEqualTo("\\2a");
        assertThat(LdapEscape.filterValue("alice)(uid=*")).isEqualTo("alice\\29\\28uid=\\2a");
        assertThat(LdapEscape.filterValue("back\\slash\0")).isEqualTo("back\\5cslash\\00");
        assertThat(LdapEscape.filterValue("plain.name@example.org")).isEqualTo("plain.name@example.org");
    }
}
