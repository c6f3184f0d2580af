package dev.wharf.server.storage;

/**
 * Storage providers for handler tests outside this package: each user's home folder, as
 * {@link StorageProvider#homeFolders()} gives it, less one capability, so a test can check the
 * reply a command gets on a backend that cannot do it (docs/storage.md, "Failures and replies").
 */
public final class NarrowedStorage {
    private NarrowedStorage() {}

    public static StorageProvider homeFoldersWithout(Capability missing) {
        return user -> new StorageContract.WithoutCapabilities(new LocalStorage(user.home()), missing);
    }
}
