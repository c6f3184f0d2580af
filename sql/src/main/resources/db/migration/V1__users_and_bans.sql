-- Wharf's users and the failed logins and bans of every node, in SQL that PostgreSQL and H2 both
-- take as it is. Applied by Flyway (SqlStore.migrate) on every start; never edit a released
-- version: add V2__... instead.

-- What the users file holds: the PBKDF2 hash (the same $pbkdf2-sha256$... form), the rights (the
-- names of dev.wharf.server.auth.Permission, comma-separated: finer than rw/ro without a new
-- column per right) and the home. A disabled user keeps its password but may not log in.
CREATE TABLE wharf_users (
    name          VARCHAR(64)   NOT NULL PRIMARY KEY,
    password_hash VARCHAR(256)  NOT NULL,
    permissions   VARCHAR(256)  NOT NULL,
    home          VARCHAR(4096) NOT NULL,
    disabled      BOOLEAN       DEFAULT FALSE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row whose counter every change of wharf_users raises, in the same transaction: a node that
-- polls it sees any change by any node (a removal included) with one tiny read.
CREATE TABLE wharf_user_changes (
    id      INTEGER NOT NULL PRIMARY KEY,
    counter BIGINT  NOT NULL
);
INSERT INTO wharf_user_changes (id, counter) VALUES (1, 0);

-- Per-user settings to come (a quota's limit, a bandwidth cap, per-folder rights), one row per
-- setting, so that a new one needs no new column.
CREATE TABLE wharf_user_settings (
    user_name     VARCHAR(64)   NOT NULL REFERENCES wharf_users (name) ON DELETE CASCADE,
    setting       VARCHAR(64)   NOT NULL,
    setting_value VARCHAR(4096) NOT NULL,
    PRIMARY KEY (user_name, setting)
);

-- Per-user counters to come (bytes stored for a quota, files, transfers), kept apart from the
-- settings: they change on every upload and are raised in place (counter_value = counter_value + n).
CREATE TABLE wharf_user_counters (
    user_name     VARCHAR(64) NOT NULL REFERENCES wharf_users (name) ON DELETE CASCADE,
    counter       VARCHAR(64) NOT NULL,
    counter_value BIGINT      DEFAULT 0 NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_name, counter)
);

-- Failed logins of every node, one row each: counted per address within the window.
CREATE TABLE wharf_login_failures (
    address   VARCHAR(45) NOT NULL,
    failed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX wharf_login_failures_by_address ON wharf_login_failures (address, failed_at);

-- Addresses banned by any node, until a time; every node refuses them until then.
CREATE TABLE wharf_bans (
    address      VARCHAR(45) NOT NULL PRIMARY KEY,
    banned_until TIMESTAMP WITH TIME ZONE NOT NULL,
    failures     INTEGER     NOT NULL
);
